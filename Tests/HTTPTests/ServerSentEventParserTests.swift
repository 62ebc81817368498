import HTTP
import Testing

struct SSECase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: [UInt8]
    let expected: [ServerSentEvent]
    var testDescription: String { name }

    init(_ name: String, _ input: String, _ expected: [ServerSentEvent]) {
        self.init(name, Array(input.utf8), expected)
    }

    init(_ name: String, _ input: [UInt8], _ expected: [ServerSentEvent]) {
        self.name = name
        self.input = input
        self.expected = expected
    }
}

private let difyMessage = #"{"event": "message", "conversation_id": "c1", "answer": "Refunds are"}"#
private let difyEnd = #"{"event":"message_end","conversation_id":"c1","metadata":{"usage":{"total_tokens":826}}}"#
private let openAIDelta = #"{"type":"response.output_text.delta","sequence_number":3,"delta":"Hi"}"#
private let openAIDone = #"{"type":"response.completed","sequence_number":9}"#

let sseCases: [SSECase] = [
    SSECase("one event", "data: hello\n\n", [ServerSentEvent(data: "hello")]),
    SSECase("data lines join with LF", "data: a\ndata: b\ndata: c\n\n", [ServerSentEvent(data: "a\nb\nc")]),
    SSECase("event type", "event: add\ndata: x\n\n", [ServerSentEvent(event: "add", data: "x")]),
    SSECase("CRLF line endings", "event: e\r\ndata: x\r\n\r\n", [ServerSentEvent(event: "e", data: "x")]),
    SSECase("CR line endings", "data: x\r\rdata: y\r\r", [ServerSentEvent(data: "x"), ServerSentEvent(data: "y")]),
    SSECase("mixed line endings", "data: a\r\ndata: b\rdata: c\n\n", [ServerSentEvent(data: "a\nb\nc")]),
    SSECase("leading BOM skipped", "\u{FEFF}data: x\n\n", [ServerSentEvent(data: "x")]),
    SSECase("BOM only at the start", "data: a\n\n\u{FEFF}data: b\n\n", [ServerSentEvent(data: "a")]),
    SSECase("two BOMs: the second is part of the field name", "\u{FEFF}\u{FEFF}data: b\n\n", []),
    SSECase("comment lines", ": keep-alive\ndata: x\n:another\n\n", [ServerSentEvent(data: "x")]),
    SSECase("no space after colon", "data:x\n\n", [ServerSentEvent(data: "x")]),
    SSECase("only one space stripped", "data:  x \n\n", [ServerSentEvent(data: " x ")]),
    SSECase("field without colon is an empty value", "data\n\n", [ServerSentEvent(data: "")]),
    SSECase("two empty data lines", "data\ndata\n\n", [ServerSentEvent(data: "\n")]),
    SSECase("trailing empty data line keeps its LF", "data: a\ndata:\n\n", [ServerSentEvent(data: "a\n")]),
    SSECase("colon inside value", "data: a: b:c\n\n", [ServerSentEvent(data: "a: b:c")]),
    SSECase(
        "id persists across events",
        "id: 7\ndata: a\n\ndata: b\n\n",
        [ServerSentEvent(data: "a", id: "7"), ServerSentEvent(data: "b", id: "7")]
    ),
    SSECase("empty id resets", "id: 7\ndata: a\n\nid\ndata: b\n\n", [ServerSentEvent(data: "a", id: "7"), ServerSentEvent(data: "b")]),
    SSECase("id set by an event without data", "id: 3\n\ndata: a\n\n", [ServerSentEvent(data: "a", id: "3")]),
    SSECase("id with NUL ignored", "id: 1\n\nid: a\u{0}b\ndata: x\n\n", [ServerSentEvent(data: "x", id: "1")]),
    SSECase("retry digits", "retry: 1500\ndata: x\n\n", [ServerSentEvent(data: "x", retry: 1500)]),
    SSECase("retry with letters ignored", "retry: 15a\ndata: x\n\n", [ServerSentEvent(data: "x")]),
    SSECase("retry negative ignored", "retry: -1\ndata: x\n\n", [ServerSentEvent(data: "x")]),
    SSECase("retry empty ignored", "retry:\ndata: x\n\n", [ServerSentEvent(data: "x")]),
    SSECase("empty data dispatches nothing", "event: ping\n\n", []),
    SSECase("event type resets after a blank line", "event: ping\n\ndata: x\n\n", [ServerSentEvent(data: "x")]),
    SSECase(
        "event type resets after dispatch",
        "event: a\ndata: 1\n\ndata: 2\n\n",
        [ServerSentEvent(event: "a", data: "1"), ServerSentEvent(data: "2")]
    ),
    SSECase("empty event field means message", "event:\ndata: x\n\n", [ServerSentEvent(data: "x")]),
    SSECase("unknown fields ignored", "foo: bar\nDATA: no\ndata: x\n\n", [ServerSentEvent(data: "x")]),
    SSECase("incomplete event at the end dropped", "data: a\n\ndata: b\n", [ServerSentEvent(data: "a")]),
    SSECase("unterminated line at the end dropped", "data: a\n\ndata: b", [ServerSentEvent(data: "a")]),
    SSECase("blank lines only", "\n\n\r\n\r", []),
    SSECase("empty stream", "", []),
    SSECase("multi-byte UTF-8", "data: héllo 你好 😀\n\n", [ServerSentEvent(data: "héllo 你好 😀")]),
    SSECase("invalid UTF-8 becomes U+FFFD", [0x64, 0x61, 0x74, 0x61, 0x3A, 0x20, 0xFF, 0x0A, 0x0A], [ServerSentEvent(data: "\u{FFFD}")]),
    SSECase(
        "Dify framing with bare ping",
        "data: \(difyMessage)\n\nevent: ping\n\ndata: \(difyEnd)\n\n",
        [ServerSentEvent(data: difyMessage), ServerSentEvent(data: difyEnd)]
    ),
    SSECase(
        "OpenAI framing",
        "event: response.output_text.delta\ndata: \(openAIDelta)\n\nevent: response.completed\ndata: \(openAIDone)\n\n",
        [
            ServerSentEvent(event: "response.output_text.delta", data: openAIDelta),
            ServerSentEvent(event: "response.completed", data: openAIDone),
        ]
    ),
]

private func parse(_ chunks: [ArraySlice<UInt8>]) -> [ServerSentEvent] {
    var parser = ServerSentEventParser()
    var events: [ServerSentEvent] = []
    for chunk in chunks { events += parser.feed(chunk) }
    return events + parser.finish()
}

@Test(arguments: sseCases)
func parsesWholeInput(_ testCase: SSECase) {
    #expect(parse([testCase.input[...]]) == testCase.expected)
}

@Test(arguments: sseCases)
func parsesInputSplitAtEveryByte(_ testCase: SSECase) {
    let bytes = testCase.input
    for split in 0...bytes.count {
        let events = parse([bytes[..<split], bytes[split...]])
        #expect(events == testCase.expected, "split at \(split)")
    }
    let oneByteChunks = bytes.indices.map { bytes[$0...$0] }
    #expect(parse(oneByteChunks) == testCase.expected, "one byte at a time")
}

@Test func reconnectionTimeKeepsLastValidRetry() {
    var parser = ServerSentEventParser()
    _ = parser.feed(Array("retry: 3000\n\nretry: x\n\n".utf8))
    #expect(parser.reconnectionTime == 3000)
}

@Test func eventsComeOutAsSoonAsTheirBlankLineArrives() {
    var parser = ServerSentEventParser()
    #expect(parser.feed(Array("data: one\n".utf8)).isEmpty)
    #expect(parser.feed(Array("\n".utf8)) == [ServerSentEvent(data: "one")])
    #expect(parser.feed(Array("data: two\r".utf8)).isEmpty)
    #expect(parser.feed(Array("\r".utf8)) == [ServerSentEvent(data: "two")])
}
