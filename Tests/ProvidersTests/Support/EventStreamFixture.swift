import HTTP

/// Turns a `text/event-stream` fixture into the events a WHATWG parser dispatches: `event:` and
/// `data:` fields up to each blank line; a block without data is not dispatched (like `event: ping`).
enum EventStreamFixture {
    static func events(_ text: String) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var name = "message"
        var data: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if !data.isEmpty { events.append(ServerSentEvent(event: name, data: data.joined(separator: "\n"))) }
                name = "message"
                data = []
            } else if line.hasPrefix("data:") {
                data.append(String(line.dropFirst(5).drop { $0 == " " }))
            } else if line.hasPrefix("event:") {
                name = String(line.dropFirst(6).drop { $0 == " " })
            }
        }
        if !data.isEmpty { events.append(ServerSentEvent(event: name, data: data.joined(separator: "\n"))) }
        return events
    }
}
