import Fakes
import Foundation
import Testing

/// Starts a fake Dify for one test and always stops it.
func withDify(_ configuration: DifyFake.Configuration = .init(), _ body: (DifyFake) async throws -> Void) async throws {
    let fake = try await DifyFake.start(configuration)
    do { try await body(fake) } catch { await fake.stop(); throw error }
    await fake.stop()
}

func chatBody(_ query: String, user: String = "tenant-1:customer-1", mode: String = "blocking", conversation: String = "") -> [String: Any] {
    ["inputs": [String: Any](), "query": query, "response_mode": mode, "user": user, "conversation_id": conversation]
}

@Suite("Dify fake: auth and validation")
struct DifyFakeValidationTests {
    @Test func authorizationFailuresUseDifyMessagesAndEnvelope() async throws {
        try await withDify { fake in
            let url = fake.baseURL + "/chat-messages"
            let missing = try await RawHTTP.post(url, json: chatBody("hi"))
            #expect(missing.status == 401)
            #expect(missing.json["code"] as? String == "unauthorized")
            #expect(missing.json["status"] as? Int == 401)
            #expect(missing.json["message"] as? String == "Authorization header must be provided and start with 'Bearer'")
            #expect(missing.headers["www-authenticate"] == "Bearer realm=\"api\"")

            let scheme = try await RawHTTP.post(url, json: chatBody("hi"), headers: ["Authorization": "Token \(fake.appKey)"])
            #expect(scheme.json["message"] as? String == "Authorization scheme must be 'Bearer'")

            let wrong = try await RawHTTP.post(url, bearer: "app-wrong", json: chatBody("hi"))
            #expect(wrong.json["message"] as? String == "Access token is invalid")

            // Keys are scoped: the dataset key cannot chat, the app key cannot retrieve.
            let datasetOnApp = try await RawHTTP.post(url, bearer: fake.datasetKey, json: chatBody("hi"))
            #expect(datasetOnApp.status == 401)
            let appOnDataset = try await RawHTTP.post(
                fake.baseURL + "/datasets/\(fake.datasetID)/retrieve", bearer: fake.appKey, json: ["query": "refund"])
            #expect(appOnDataset.status == 401)
            #expect(appOnDataset.json["message"] as? String == "Access token is invalid")
        }
    }

    @Test(arguments: [
        (#"{"inputs": {}, "query": "hi"}"#, "invalid_param", "Arg user must be provided."),
        (#"{"inputs": {}, "user": "u"}"#, "invalid_param", "query is required"),
        (#"{"query": "hi", "user": "u"}"#, "invalid_param", "inputs is required"),
        (#"{"inputs": {}, "query": "hi", "user": "u", "conversation_id": "not-a-uuid"}"#, "invalid_param", "conversation_id must be a valid UUID"),
    ])
    func invalidBodiesAreRejected(body: String, code: String, message: String) async throws {
        try await withDify { fake in
            let response = try await RawHTTP.send(
                "POST", fake.baseURL + "/chat-messages",
                headers: ["Authorization": "Bearer \(fake.appKey)", "Content-Type": "application/json"], body: Data(body.utf8))
            #expect(response.status == 400)
            #expect(response.json["code"] as? String == code)
            #expect(response.json["message"] as? String == message)
        }
    }

    @Test func malformedJSONAndAgentBlockingAreBadRequests() async throws {
        try await withDify(.init(appMode: .agentChat)) { fake in
            let broken = try await RawHTTP.send(
                "POST", fake.baseURL + "/chat-messages",
                headers: ["Authorization": "Bearer \(fake.appKey)", "Content-Type": "application/json"], body: Data("{\"query\":".utf8))
            #expect(broken.status == 400)
            #expect(broken.json["message"] as? String == "Invalid JSON payload received or JSON payload is empty.")

            let blocking = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"))
            #expect(blocking.status == 400)
            #expect(blocking.json["code"] as? String == "bad_request")
        }
    }
}

@Suite("Dify fake: answers and conversations")
struct DifyFakeAnswerTests {
    @Test func blockingAnswerComesFromTheKnowledgeBaseWithSources() async throws {
        try await withDify { fake in
            let response = try await RawHTTP.post(
                fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("How long do I have to request a refund?"))
            #expect(response.status == 200)
            let body = response.json
            #expect(body["event"] as? String == "message")
            #expect((body["answer"] as? String)?.hasPrefix("Refunds are accepted within 30 days") == true)
            #expect(body["id"] as? String == body["message_id"] as? String)
            #expect(UUID(uuidString: body["conversation_id"] as? String ?? "") != nil)
            #expect(body["mode"] as? String == "chat")
            let metadata = try #require(body["metadata"] as? [String: Any])
            let usage = try #require(metadata["usage"] as? [String: Any])
            #expect((usage["total_tokens"] as? Int ?? 0) > 0)
            #expect(usage["currency"] as? String == "USD")
            let resources = try #require(metadata["retriever_resources"] as? [[String: Any]])
            #expect(resources.first?["document_name"] as? String == "refunds.md")
            #expect(resources.first?["position"] as? Int == 1)
            #expect(resources.first?["dataset_id"] as? String == fake.datasetID)
        }
    }

    @Test func chineseQuestionsAndUnknownQuestions() async throws {
        try await withDify { fake in
            let chinese = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("你们的营业时间是几点？"))
            #expect((chinese.json["answer"] as? String)?.contains("9:00-21:00") == true)
            let unknown = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("quantum chromodynamics lattice"))
            #expect(unknown.json["answer"] as? String == fake.configuration.noAnswerText)
            let metadata = unknown.json["metadata"] as? [String: Any]
            #expect((metadata?["retriever_resources"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func conversationsAreKeptPerUser() async throws {
        try await withDify { fake in
            let url = fake.baseURL + "/chat-messages"
            let first = try await RawHTTP.post(url, bearer: fake.appKey, json: chatBody("refund", user: "alice"))
            let conversation = try #require(first.json["conversation_id"] as? String)
            let second = try await RawHTTP.post(url, bearer: fake.appKey, json: chatBody("shipping", user: "alice", conversation: conversation))
            #expect(second.json["conversation_id"] as? String == conversation)
            #expect(fake.turns(inConversation: conversation) == 2)

            let foreign = try await RawHTTP.post(url, bearer: fake.appKey, json: chatBody("shipping", user: "bob", conversation: conversation))
            #expect(foreign.status == 404)
            #expect(foreign.json["message"] as? String == "Conversation Not Exists.")

            fake.forgetConversations()
            let lost = try await RawHTTP.post(url, bearer: fake.appKey, json: chatBody("shipping", user: "alice", conversation: conversation))
            #expect(lost.status == 404)
        }
    }

    @Test func infoParametersAndDataset() async throws {
        try await withDify(.init(appMode: .advancedChat)) { fake in
            let info = try await RawHTTP.get(fake.baseURL + "/info", bearer: fake.appKey)
            #expect(info.json["mode"] as? String == "advanced-chat")
            let parameters = try await RawHTTP.get(fake.baseURL + "/parameters", bearer: fake.appKey)
            #expect((parameters.json["retriever_resource"] as? [String: Any])?["enabled"] as? Bool == true)
            let dataset = try await RawHTTP.get(fake.baseURL + "/datasets/\(fake.datasetID)", bearer: fake.datasetKey)
            #expect(dataset.json["id"] as? String == fake.datasetID)
            let missing = try await RawHTTP.get(fake.baseURL + "/datasets/\(UUID().uuidString)", bearer: fake.datasetKey)
            #expect(missing.status == 404)
            #expect(missing.json["message"] as? String == "Dataset not found.")
        }
    }

    @Test func retrieveUsesTheDatasetKeyAndLimitsTheQuery() async throws {
        try await withDify { fake in
            let url = fake.baseURL + "/datasets/\(fake.datasetID)/retrieve"
            let hit = try await RawHTTP.post(url, bearer: fake.datasetKey, json: [
                "query": "怎么申请退款",
                "retrieval_model": ["search_method": "semantic_search", "reranking_enable": false, "top_k": 2, "score_threshold_enabled": false],
            ])
            #expect(hit.status == 200)
            #expect((hit.json["query"] as? [String: Any])?["content"] as? String == "怎么申请退款")
            let records = try #require(hit.json["records"] as? [[String: Any]])
            #expect(!records.isEmpty && records.count <= 2)
            let segment = try #require(records.first?["segment"] as? [String: Any])
            #expect((segment["content"] as? String)?.contains("申请退款") == true)
            #expect((segment["document"] as? [String: Any])?["name"] as? String == "退款.md")

            let long = try await RawHTTP.post(url, bearer: fake.datasetKey, json: ["query": String(repeating: "refund ", count: 40)])
            #expect(long.status == 400)
            #expect(long.json["message"] as? String == "Query cannot exceed 250 characters")
        }
    }
}
