import Fakes
import Foundation
import Testing

/// Starts a fake OpenAI for one test and always stops it.
func withOpenAI(_ configuration: OpenAIFake.Configuration = .init(), _ body: (OpenAIFake) async throws -> Void) async throws {
    let fake = try await OpenAIFake.start(configuration)
    do { try await body(fake) } catch { await fake.stop(); throw error }
    await fake.stop()
}

func responsesBody(_ fake: OpenAIFake, _ question: String, stream: Bool = false, include: Bool = true, previous: String? = nil) -> [String: Any] {
    var body: [String: Any] = [
        "model": "gpt-4.1", "instructions": "Answer only from the provided files and cite them.",
        "input": [["role": "user", "content": question]],
        "tools": [["type": "file_search", "vector_store_ids": [fake.vectorStoreID], "max_num_results": 5]],
        "stream": stream,
    ]
    if include { body["include"] = ["file_search_call.results"] }
    if let previous { body["previous_response_id"] = previous }
    return body
}

private func error(_ response: RawHTTP.Response) -> [String: Any] { response.json["error"] as? [String: Any] ?? [:] }

@Suite("OpenAI fake: auth and validation")
struct OpenAIFakeValidationTests {
    @Test func authenticationErrorsDoNotEchoTheKey() async throws {
        try await withOpenAI { fake in
            let url = fake.baseURL + "/responses"
            let missing = try await RawHTTP.post(url, json: responsesBody(fake, "refund"))
            #expect(missing.status == 401)
            #expect(error(missing)["type"] as? String == "invalid_request_error")
            #expect(missing.headers["x-request-id"]?.hasPrefix("req_") == true)
            let wrongKey = "sk-wrong-secret-key-123456789"
            let wrong = try await RawHTTP.post(url, bearer: wrongKey, json: responsesBody(fake, "refund"))
            #expect(error(wrong)["code"] as? String == "invalid_api_key")
            #expect((error(wrong)["message"] as? String)?.contains(wrongKey) == false)
        }
    }

    @Test(arguments: [
        (#"{"input": "hi"}"#, 400, "model", "missing_required_parameter"),
        (#"{"model": "gpt-4.1"}"#, 400, "input", "missing_required_parameter"),
        (#"{"model": "gpt-4.1", "input": "hi", "temprature": 1}"#, 400, "temprature", "unknown_parameter"),
        (#"{"model": "gpt-4.1", "input": "hi", "tools": [{"type": "file_serch"}]}"#, 400, "tools[0].type", "invalid_value"),
        (#"{"model": "gpt-4.1", "input": "hi", "tools": [{"type": "file_search"}]}"#, 400, "tools[0].vector_store_ids", "missing_required_parameter"),
        (#"{"model": "gpt-4.1", "input": "hi", "tools": [{"type": "file_search", "vector_store_ids": ["vs_x"], "max_num_results": 51}]}"#, 400, "tools[0].max_num_results", "invalid_value"),
        (#"{"model": "gpt-4.1", "input": "hi", "include": ["file_search_call.result"]}"#, 400, "include[0]", "invalid_value"),
        (#"{"model": "gpt-4.1", "input": "hi", "previous_response_id": "resp_unknown"}"#, 400, "previous_response_id", "previous_response_not_found"),
        (#"{"model": "gpt-4.1", "input": [{"role": "robot", "content": "hi"}]}"#, 400, "input[0].role", "invalid_value"),
    ])
    func invalidRequestsAreRejected(body: String, status: Int, param: String, code: String) async throws {
        try await withOpenAI { fake in
            let response = try await RawHTTP.send(
                "POST", fake.baseURL + "/responses",
                headers: ["Authorization": "Bearer \(fake.apiKey)", "Content-Type": "application/json"], body: Data(body.utf8))
            #expect(response.status == status)
            #expect(error(response)["type"] as? String == "invalid_request_error")
            #expect(error(response)["param"] as? String == param)
            #expect(error(response)["code"] as? String == code)
        }
    }

    @Test func unknownVectorStoreIs404() async throws {
        try await withOpenAI { fake in
            let body: [String: Any] = ["model": "gpt-4.1", "input": "hi", "tools": [["type": "file_search", "vector_store_ids": ["vs_missing"]]]]
            let response = try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: body)
            #expect(response.status == 404)
            #expect(error(response)["message"] as? String == "No vector store found with id 'vs_missing'.")
            #expect(try await RawHTTP.get(fake.baseURL + "/vector_stores/vs_missing", bearer: fake.apiKey).status == 404)
            let search = try await RawHTTP.post(fake.baseURL + "/vector_stores/vs_missing/search", bearer: fake.apiKey, json: ["query": "x"])
            #expect(search.status == 404)
        }
    }
}

@Suite("OpenAI fake: responses and vector stores")
struct OpenAIFakeAnswerTests {
    @Test func blockingResponseWithFileSearchResultsAndCitation() async throws {
        try await withOpenAI { fake in
            let response = try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: responsesBody(fake, "What is the refund window?"))
            #expect(response.status == 200)
            for header in ["x-request-id", "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-tokens", "openai-processing-ms"] {
                #expect(response.headers[header] != nil, "missing \(header)")
            }
            let body = response.json
            #expect(body["object"] as? String == "response")
            #expect(body["status"] as? String == "completed")
            #expect((body["id"] as? String)?.hasPrefix("resp_") == true)
            let output = try #require(body["output"] as? [[String: Any]])
            #expect(output.map { $0["type"] as? String } == ["file_search_call", "message"])
            let results = try #require(output[0]["results"] as? [[String: Any]])
            #expect(results.first?["filename"] as? String == "refunds.md")
            #expect((results.first?["file_id"] as? String)?.hasPrefix("file-") == true)
            let part = try #require((output[1]["content"] as? [[String: Any]])?.first)
            let text = try #require(part["text"] as? String)
            #expect(text.hasPrefix("Refunds are accepted within 30 days"))
            let annotation = try #require((part["annotations"] as? [[String: Any]])?.first)
            #expect(annotation["type"] as? String == "file_citation")
            #expect(annotation["index"] as? Int == text.count)
            let usage = try #require(body["usage"] as? [String: Any])
            #expect(usage["total_tokens"] as? Int == (usage["input_tokens"] as? Int ?? 0) + (usage["output_tokens"] as? Int ?? 0))
        }
    }

    @Test func resultsAreNullWithoutInclude() async throws {
        try await withOpenAI { fake in
            let response = try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: responsesBody(fake, "refund", include: false))
            let output = try #require(response.json["output"] as? [[String: Any]])
            #expect(output[0]["results"] is NSNull)
        }
    }

    @Test func previousResponseIDChainsTurns() async throws {
        try await withOpenAI { fake in
            var previous: String?
            for question in ["refund", "shipping", "warranty"] {
                let response = try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: responsesBody(fake, question, previous: previous))
                #expect(response.status == 200)
                #expect((response.json["previous_response_id"] as? String) == previous)
                previous = response.json["id"] as? String
            }
            #expect(fake.chainLength(endingAt: previous ?? "") == 3)
            fake.forgetResponses()
            let expired = try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: responsesBody(fake, "refund", previous: previous))
            #expect(expired.status == 400)
            #expect(error(expired)["param"] as? String == "previous_response_id")
        }
    }

    @Test func streamHasEventDataPairsInTheFileSearchOrder() async throws {
        try await withOpenAI { fake in
            let response = try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: responsesBody(fake, "怎么转人工客服？", stream: true))
            #expect(response.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            let frames = SSE.frames(response.body)
            var types: [String] = []
            for (index, frame) in frames.enumerated() {
                let lines = frame.split(separator: "\n")
                #expect(lines.count == 2)
                let type = String(lines[0].dropFirst("event: ".count))
                let object = try #require((try? JSONSerialization.jsonObject(with: Data(lines[1].dropFirst(6).utf8))) as? [String: Any])
                #expect(object["type"] as? String == type)
                #expect(object["sequence_number"] as? Int == index)
                types.append(type)
            }
            #expect(types == [
                "response.created", "response.in_progress", "response.output_item.added",
                "response.file_search_call.in_progress", "response.file_search_call.searching",
                "response.file_search_call.completed", "response.output_item.done", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.annotation.added", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed",
            ])
            let events = SSE.dataObjects(response.body)
            let streamed = events.compactMap { $0["delta"] as? String }.joined()
            #expect(streamed.contains("转人工"))
            let completed = try #require(events.last?["response"] as? [String: Any])
            #expect(completed["usage"] is [String: Any])
            let output = completed["output"] as? [[String: Any]]
            let text = (output?.last?["content"] as? [[String: Any]])?.first?["text"] as? String
            #expect(text == streamed)
        }
    }

    @Test func vectorStoreAndSearch() async throws {
        try await withOpenAI { fake in
            let store = try await RawHTTP.get(fake.baseURL + "/vector_stores/\(fake.vectorStoreID)", bearer: fake.apiKey)
            #expect(store.json["object"] as? String == "vector_store")
            #expect((store.json["file_counts"] as? [String: Any])?["completed"] as? Int == 21)
            let search = try await RawHTTP.post(
                fake.baseURL + "/vector_stores/\(fake.vectorStoreID)/search", bearer: fake.apiKey, json: ["query": "发货 多久", "max_num_results": 2])
            #expect(search.json["object"] as? String == "vector_store.search_results.page")
            let data = try #require(search.json["data"] as? [[String: Any]])
            #expect(!data.isEmpty && data.count <= 2)
            #expect(data.first?["filename"] as? String == "发货.md")
            #expect(((data.first?["content"] as? [[String: Any]])?.first?["type"]) as? String == "text")
            let missing = try await RawHTTP.post(fake.baseURL + "/vector_stores/\(fake.vectorStoreID)/search", bearer: fake.apiKey, json: ["max_num_results": 2])
            #expect(missing.status == 400)
        }
    }
}
