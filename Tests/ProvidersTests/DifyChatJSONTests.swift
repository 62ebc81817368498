import Foundation
import HTTP
import Providers
import Testing

/// The blocking chat call is coded by hand (the JSON module) for speed; it must read and write
/// exactly what Foundation's Codable did.
@Suite("Dify chat JSON: hand-written coding matches Codable")
struct DifyChatJSONTests {
    static let body = """
        {"event": "message", "task_id": "t-1", "id": "m-1", "message_id": "m-1", "conversation_id": "c-1", "mode": "chat",
         "answer": "退货请在 7 天内申请 \\"quoted\\" \\u00e9",
         "metadata": {"usage": {"prompt_tokens": 10, "prompt_unit_price": "0.001", "completion_tokens": 5, "total_tokens": 15,
                                "total_price": "0.0001", "currency": "USD", "latency": 0.42},
                      "retriever_resources": [{"position": 1, "dataset_id": "d-1", "dataset_name": "faq", "document_id": "doc-1",
                                               "document_name": "returns.md", "segment_id": "s-1", "score": 0.87, "content": "7 天"},
                                              {"position": 2, "score": null, "content": null}]},
         "created_at": 1705407629, "extra": {"ignored": [1, 2]}}
        """

    @Test func responseMatchesCodable() throws {
        let response = HTTPResponse(status: 200, headers: HTTPHeaders(), body: Array(Self.body.utf8))
        let expected = DifyChatResult(blocking: try JSONDecoder().decode(DifyChatResponse.self, from: Data(Self.body.utf8)))
        #expect(try DifyResponses.chat(response) == expected)
        #expect(expected.retrieverResources.count == 2 && expected.usage?.totalTokens == 15)
    }

    @Test("a member of the wrong type or a cut body is a retryable malformed response", arguments: [
        #"{"answer": 42}"#, #"{"answer": "ok", "metadata": {"usage": {"prompt_tokens": 1}}}"#,
        #"{"answer": "ok", "metadata": {"retriever_resources": {}}}"#, #"{"answer": "ok", "created_at": 1.5}"#, #"{"answer": "o"#, "[]",
    ])
    func malformed(body: String) {
        let response = HTTPResponse(status: 200, headers: HTTPHeaders(), body: Array(body.utf8))
        #expect((try? JSONDecoder().decode(DifyChatResponse.self, from: Data(body.utf8))) == nil)
        #expect(throws: ProviderFailure.self) { try DifyResponses.chat(response) }
        do {
            _ = try DifyResponses.chat(response)
        } catch {
            #expect(error.kind == .retryLater && error.code == "malformed_response")
        }
    }

    @Test func requestMatchesCodable() throws {
        for memory in [nil, "c-1"] {
            let request = DifyChatRequest(
                query: "退货 \"quoted\" \\ \n tab\t", user: "u-1", conversationID: memory, responseMode: .blocking, inputs: ["k": "v"])
            let body = try #require(DifyRequests(baseURL: "http://127.0.0.1:1/v1", appKey: "app-x").chat(request).body)
            let ours = try JSONSerialization.jsonObject(with: Data(body)) as? NSDictionary
            let codable = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? NSDictionary
            #expect(ours != nil && ours == codable)
            #expect(try JSONDecoder().decode(DifyChatRequest.self, from: Data(body)) == request)
        }
    }
}
