import Fakes
import Foundation
import Testing

@Suite("Dify fake: streams")
struct DifyFakeStreamTests {
    private func stream(_ fake: DifyFake, _ query: String) async throws -> RawHTTP.Response {
        try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody(query, mode: "streaming"))
    }

    @Test func chatStreamHasDifyFramingAndMatchesTheBlockingAnswer() async throws {
        try await withDify { fake in
            let response = try await stream(fake, "How long does shipping take?")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            #expect(response.complete)
            let frames = SSE.frames(response.body)
            #expect(frames.contains("event: ping"))
            // Data events are single `data:` lines without an `event:` line.
            #expect(frames.filter { $0 != "event: ping" }.allSatisfy { $0.hasPrefix("data: {") && !$0.contains("\n") })
            let events = SSE.dataObjects(response.body)
            #expect(events.map { $0["event"] as? String } == ["message", "message", "message", "message_end"])
            for event in events {
                #expect(event["conversation_id"] is String && event["message_id"] is String && event["task_id"] is String)
                #expect(event["created_at"] is Int)
            }
            let streamed = events.compactMap { $0["event"] as? String == "message" ? $0["answer"] as? String : nil }.joined()
            let blocking = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("How long does shipping take?"))
            #expect(streamed == blocking.json["answer"] as? String)
            let metadata = events.last?["metadata"] as? [String: Any]
            #expect((metadata?["retriever_resources"] as? [Any])?.isEmpty == false)
        }
    }

    @Test func agentStreamHasThoughtsAndAgentMessages() async throws {
        try await withDify(.init(appMode: .agentChat)) { fake in
            let events = SSE.dataObjects(try await stream(fake, "Do you offer a warranty?").body).compactMap { $0["event"] as? String }
            #expect(events.first == "agent_thought")
            #expect(events.contains("agent_message"))
            #expect(!events.contains("message"))
            #expect(events.suffix(2) == ["agent_thought", "message_end"])
        }
    }

    @Test func chatflowStreamWrapsMessagesInWorkflowEvents() async throws {
        try await withDify(.init(appMode: .advancedChat)) { fake in
            let events = SSE.dataObjects(try await stream(fake, "Do you ship internationally?").body)
            let names = events.compactMap { $0["event"] as? String }
            #expect(names.first == "workflow_started")
            #expect(names.suffix(2) == ["message_end", "workflow_finished"])
            #expect(names.contains("node_started") && names.contains("node_finished") && names.contains("message"))
            #expect(events.first?["workflow_run_id"] is String)
            let finished = events.last?["data"] as? [String: Any]
            #expect(finished?["status"] as? String == "succeeded")
        }
    }

    @Test func errorEventEndsTheStreamWithHTTP200() async throws {
        try await withDify { fake in
            fake.inject(.errorEvent(status: 400, code: "completion_request_error", message: "[openai] Rate limit reached"))
            let response = try await stream(fake, "refund")
            #expect(response.status == 200)
            let events = SSE.dataObjects(response.body)
            let last = try #require(events.last)
            #expect(last["event"] as? String == "error")
            #expect(last["code"] as? String == "completion_request_error")
            #expect(last["status"] as? Int == 400)
            #expect(last["task_id"] == nil)
            #expect(!events.contains { $0["event"] as? String == "message_end" })
        }
    }

    @Test func cutStreamClosesWithoutTerminalEvent() async throws {
        try await withDify { fake in
            fake.inject(.cutStream(afterEvents: 2))
            let response = try await stream(fake, "refund")
            #expect(response.status == 200)
            #expect(!response.complete)
            #expect(SSE.dataObjects(response.body).count == 1)
            #expect(fake.pendingFailures == 0)
        }
    }

    @Test func messageReplaceComesBeforeMessageEnd() async throws {
        try await withDify { fake in
            fake.inject(.messageReplace("This answer was removed."), times: 2)
            let events = SSE.dataObjects(try await stream(fake, "refund").body)
            let names = events.compactMap { $0["event"] as? String }
            #expect(names.suffix(2) == ["message_replace", "message_end"])
            #expect(events[names.count - 2]["answer"] as? String == "This answer was removed.")
            let blocking = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"))
            #expect(blocking.json["answer"] as? String == "This answer was removed.")
        }
    }

    @Test func slowStreamsGetKeepAlivePings() async throws {
        try await withDify(.init(pingInterval: .milliseconds(40))) { fake in
            fake.inject(.slowStream(.milliseconds(100)))
            let response = try await stream(fake, "refund")
            let frames = SSE.frames(response.body)
            // One ping after the first chunk, plus two in each of the four 100 ms pauses between frames.
            #expect(frames.filter { $0 == "event: ping" }.count == 9)
            #expect(SSE.dataObjects(response.body).last?["event"] as? String == "message_end")
        }
    }
}
