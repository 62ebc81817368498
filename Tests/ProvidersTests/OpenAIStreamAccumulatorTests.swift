import Foundation
import HTTP
import Providers
import Testing

/// Fixtures mirror the file_search stream of the API reference (B.4).
@Suite("OpenAI stream accumulator")
struct OpenAIStreamAccumulatorTests {
    static let fileSearchItem = #"{"id":"fs_1","type":"file_search_call","status":"completed","queries":["refund window"],"results":[{"file_id":"file-7Hq2Lm","filename":"refunds.md","score":0.91,"text":"Customers may request a refund within 30 days...","attributes":{}}]}"#
    static let text = "Refunds are accepted within 30 days of purchase."
    static let annotation = #"{"type":"file_citation","file_id":"file-7Hq2Lm","filename":"refunds.md","index":48}"#
    static let message = #"{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"\#(text)","annotations":[\#(annotation)],"logprobs":[]}]}"#
    static let usage = #"{"input_tokens":2130,"input_tokens_details":{"cached_tokens":0},"output_tokens":21,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":2151}"#

    static func frame(_ type: String, _ sequence: Int, _ fields: String) -> String {
        "event: \(type)\ndata: {\"type\":\"\(type)\",\"sequence_number\":\(sequence)\(fields.isEmpty ? "" : ",")\(fields)}\n\n"
    }

    static func stream(ending: String? = nil, completedResponse: String? = nil) -> String {
        let inProgress = #""response":{"id":"resp_1","object":"response","status":"in_progress","output":[],"usage":null}"#
        var frames = [
            frame("response.created", 0, inProgress),
            frame("response.in_progress", 1, inProgress),
            frame("response.output_item.added", 2, #""output_index":0,"item":{"id":"fs_1","type":"file_search_call","status":"in_progress","queries":[],"results":null}"#),
            frame("response.file_search_call.in_progress", 3, #""output_index":0,"item_id":"fs_1""#),
            frame("response.file_search_call.searching", 4, #""output_index":0,"item_id":"fs_1""#),
            frame("response.file_search_call.completed", 5, #""output_index":0,"item_id":"fs_1""#),
            frame("response.output_item.done", 6, #""output_index":0,"item":\#(fileSearchItem)"#),
            frame("response.output_item.added", 7, #""output_index":1,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}"#),
            frame("response.content_part.added", 8, #""item_id":"msg_1","output_index":1,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}"#),
            frame("response.output_text.delta", 9, #""item_id":"msg_1","output_index":1,"content_index":0,"delta":"Refunds are","logprobs":[]"#),
        ]
        if let ending { return frames.joined() + ending }
        frames += [
            frame("response.output_text.delta", 10, #""item_id":"msg_1","output_index":1,"content_index":0,"delta":" accepted within 30 days of purchase.","logprobs":[]"#),
            frame("response.output_text.annotation.added", 11, #""item_id":"msg_1","output_index":1,"content_index":0,"annotation_index":0,"annotation":\#(annotation)"#),
            frame("response.output_text.done", 12, #""item_id":"msg_1","output_index":1,"content_index":0,"text":"\#(text)","logprobs":[]"#),
            frame("response.content_part.done", 13, #""item_id":"msg_1","output_index":1,"content_index":0,"part":{"type":"output_text","text":"\#(text)","annotations":[\#(annotation)]}"#),
            frame("response.output_item.done", 14, #""output_index":1,"item":\#(message)"#),
            frame("response.completed", 15, #""response":\#(completedResponse ?? #"{"id":"resp_1","object":"response","status":"completed","output":[\#(fileSearchItem),\#(message)],"usage":\#(usage)}"#)"#),
        ]
        return frames.joined()
    }

    static func run(_ fixture: String) -> Result<OpenAIResponse, ProviderFailure> {
        var accumulator = OpenAIStreamAccumulator()
        do throws(ProviderFailure) {
            for event in EventStreamFixture.events(fixture) where try accumulator.consume(event) == .finished { break }
            return .success(try accumulator.finish())
        } catch {
            return .failure(error)
        }
    }

    @Test func fileSearchStreamFromTheReference() throws {
        let response = try Self.run(Self.stream()).get()
        let answer = try response.providerAnswer(requestID: "req_1")
        #expect(answer.text == Self.text)
        #expect(answer.sources == [ProviderSource(title: "refunds.md", snippet: "Customers may request a refund within 30 days...", score: 0.91, documentID: "file-7Hq2Lm")])
        #expect(answer.usage == TokenUsage(input: 2130, output: 21, total: 2151))
        #expect(answer.ids == ProviderIDs(messageID: "msg_1", responseID: "resp_1", requestID: "req_1"))
        #expect(answer.memory == .openAIResponse(id: "resp_1"))
    }

    @Test func streamedPartsFillACompletedResponseWithoutOutput() throws {
        let bare = #"{"id":"resp_1","object":"response","status":"completed","output":[],"usage":\#(Self.usage)}"#
        let answer = try Self.run(Self.stream(completedResponse: bare)).get().providerAnswer(requestID: nil)
        #expect(answer.text == Self.text)
        #expect(answer.sources.first?.documentID == "file-7Hq2Lm")
    }

    @Test func citationsAloneStillGiveSources() throws {
        let withoutResults = Self.message
        let body = #"{"id":"resp_2","status":"completed","output":[{"id":"fs_1","type":"file_search_call","status":"completed","queries":[],"results":null},\#(withoutResults)]}"#
        let response = try JSONDecoder().decode(OpenAIResponse.self, from: Data(body.utf8))
        #expect(response.sources == [ProviderSource(title: "refunds.md", snippet: "", score: nil, documentID: "file-7Hq2Lm")])
    }

    @Test func responseFailedIsClassified() {
        let failed = Self.frame("response.failed", 10, #""response":{"id":"resp_1","status":"failed","output":[],"error":{"code":"rate_limit_exceeded","message":"Rate limit reached. Please try again in 2s."}}"#)
        guard case .failure(let failure) = Self.run(Self.stream(ending: failed)) else { Issue.record("expected a failure"); return }
        #expect(failure.kind == .rateLimited)
        #expect(failure.retryAfter == .seconds(2))
    }

    @Test func bareErrorEventIsClassified() {
        let error = Self.frame("error", 10, #""code":"server_error","message":"The server had an error while processing your request.","param":null"#)
        guard case .failure(let failure) = Self.run(Self.stream(ending: error)) else { Issue.record("expected a failure"); return }
        #expect(failure.kind == .retryLater)
        #expect(failure.code == "server_error")
    }

    @Test func incompleteIsNoAnswer() {
        let incomplete = Self.frame("response.incomplete", 10, #""response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"content_filter"},"output":[]}"#)
        guard case .failure(let failure) = Self.run(Self.stream(ending: incomplete)) else { Issue.record("expected a failure"); return }
        #expect(failure.kind == .noAnswer)
        #expect(failure.code == "content_filter")
    }

    @Test func cutStreamIsRetryable() {
        guard case .failure(let failure) = Self.run(Self.stream(ending: "")) else { Issue.record("expected a failure"); return }
        #expect(failure.kind == .retryLater)
        #expect(failure.code == "stream_incomplete")
    }

    @Test func replayedEventsDoNotDuplicateText() throws {
        var accumulator = OpenAIStreamAccumulator()
        let delta = ServerSentEvent(event: "response.output_text.delta", data: #"{"type":"response.output_text.delta","sequence_number":3,"delta":"Hi"}"#)
        _ = try accumulator.consume(delta)
        _ = try accumulator.consume(delta)
        #expect(accumulator.partialText == "Hi")
    }

    @Test func blockingResponseStatuses() throws {
        let failed = try JSONDecoder().decode(OpenAIResponse.self, from: Data(#"{"id":"r","status":"failed","error":{"code":"server_error","message":"boom"}}"#.utf8))
        #expect(throws: ProviderFailure.self) { try failed.providerAnswer(requestID: nil) }
        let empty = try JSONDecoder().decode(OpenAIResponse.self, from: Data(#"{"id":"r","status":"completed","output":[]}"#.utf8))
        do {
            _ = try empty.providerAnswer(requestID: nil)
            Issue.record("expected no answer")
        } catch {
            #expect(error.kind == .noAnswer)
        }
    }

    @Test func requestEncodingFollowsTheReference() throws {
        let request = OpenAIResponsesRequest(
            model: "gpt-4.1", question: "What is the refund window?", instructions: "Answer from the files.",
            vectorStoreIDs: ["vs_1"], maxNumResults: 5, previousResponseID: "resp_0", stream: true)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any])
        #expect(object["include"] as? [String] == ["file_search_call.results"])
        #expect(object["previous_response_id"] as? String == "resp_0")
        #expect(object["stream"] as? Bool == true)
        let tool = try #require((object["tools"] as? [[String: Any]])?.first)
        #expect(tool["type"] as? String == "file_search" && tool["vector_store_ids"] as? [String] == ["vs_1"])
        let input = try #require((object["input"] as? [[String: Any]])?.first)
        #expect(input["role"] as? String == "user")
    }
}
