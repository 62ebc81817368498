import HTTP

/// Any bytes as a `text/event-stream` body: fed whole, split at an input-chosen point, and byte
/// by byte, the parser yields the same events. The first two bytes choose the split point (as a
/// share of the rest) so that libFuzzer can steer it; the rest is the stream.
enum SSEFuzzing {
    static func check(_ input: [UInt8]) throws(InvariantViolation) {
        guard input.count >= 2 else { return }
        let stream = Array(input[2...])
        let split = stream.isEmpty ? 0 : (Int(input[0]) << 8 | Int(input[1])) % (stream.count + 1)

        var whole = ServerSentEventParser()
        let expected = whole.feed(stream) + whole.finish()

        var halves = ServerSentEventParser()
        let split2 = halves.feed(stream[..<split]) + halves.feed(stream[split...]) + halves.finish()
        guard split2 == expected else {
            throw InvariantViolation(.sse, "split at \(split) of \(stream.count): \(split2) instead of \(expected)")
        }

        var bytewise = ServerSentEventParser()
        var single: [ServerSentEvent] = []
        for byte in stream { single += bytewise.feed(CollectionOfOne(byte)) }
        single += bytewise.finish()
        guard single == expected else {
            throw InvariantViolation(.sse, "byte by byte: \(single) instead of \(expected)")
        }
        guard whole.reconnectionTime == halves.reconnectionTime, whole.reconnectionTime == bytewise.reconnectionTime else {
            throw InvariantViolation(.sse, "reconnection times differ")
        }

        // An empty feed between chunks changes nothing either.
        var withEmpty = ServerSentEventParser()
        let emptied = withEmpty.feed([]) + withEmpty.feed(stream[..<split]) + withEmpty.feed([]) + withEmpty.feed(stream[split...]) + withEmpty.finish()
        guard emptied == expected else {
            throw InvariantViolation(.sse, "empty feeds changed the events: \(emptied) instead of \(expected)")
        }
        for event in expected where event.data.isEmpty && event.event.isEmpty {
            throw InvariantViolation(.sse, "an event without a type")
        }
    }
}
