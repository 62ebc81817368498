/// Parses a `text/event-stream` body by the WHATWG rules ("Interpreting an event stream").
///
/// Feed bytes in chunks of any size, split anywhere (inside a UTF-8 character, between CR and
/// LF); each call returns the events whose blank line arrived. Lines end with LF, CR or CRLF; a
/// leading UTF-8 BOM is skipped; `:` lines are comments; a line without a colon is a field with an
/// empty value; one space after the colon is stripped; `id` persists across events and is ignored
/// when it contains NUL; `retry` is taken only when all ASCII digits; an event with an empty data
/// buffer is not dispatched (so Dify's bare `event: ping` blocks yield nothing), and an event not
/// ended by a blank line when the stream ends is dropped.
public struct ServerSentEventParser: Sendable {
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Bytes seen at the start until we know whether they are a BOM; nil afterwards.
    private var streamStart: [UInt8]? = []
    private var line: [UInt8] = []
    private var previousWasCR = false
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: [UInt8] = []
    private var lastEventID: String?
    private var pendingRetry: Int?

    /// The last valid `retry:` value (milliseconds), which a reconnecting client should honour.
    public private(set) var reconnectionTime: Int?

    public init() {}

    public mutating func feed(_ bytes: some Collection<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        guard var start = streamStart else {
            process(bytes, into: &events)
            return events
        }
        start.append(contentsOf: bytes)
        if start.count < Self.byteOrderMark.count && Self.byteOrderMark.starts(with: start) {
            streamStart = start
            return events
        }
        streamStart = nil
        let withoutMark = start.starts(with: Self.byteOrderMark) ? start.dropFirst(Self.byteOrderMark.count) : start[...]
        process(withoutMark, into: &events)
        return events
    }

    /// The stream ended: an event not yet ended by a blank line is discarded, as the rules say.
    /// Returns no events; it exists so that callers need not know that.
    public mutating func finish() -> [ServerSentEvent] {
        streamStart = nil
        line.removeAll()
        previousWasCR = false
        data.removeAll()
        hasData = false
        eventType.removeAll()
        pendingRetry = nil
        return []
    }

    private mutating func process(_ bytes: some Collection<UInt8>, into events: inout [ServerSentEvent]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if previousWasCR {
                    previousWasCR = false  // the LF of a CRLF: the line already ended at the CR
                } else {
                    endLine(into: &events)
                }
            case UInt8(ascii: "\r"):
                previousWasCR = true
                endLine(into: &events)
            default:
                previousWasCR = false
                line.append(byte)
            }
        }
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == UInt8(ascii: ":") { return }
        let name: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            name = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            name = line[...]
            value = []
        }
        switch String(decoding: name, as: UTF8.self) {
        case "event":
            eventType = Array(value)
        case "data":
            if hasData { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: value)
            hasData = true
        case "id":
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let milliseconds = Int(String(decoding: value, as: UTF8.self))
            {
                reconnectionTime = milliseconds
                pendingRetry = milliseconds
            }
        default:
            break  // unknown fields are ignored
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType.removeAll()
        }
        guard hasData else { return }
        events.append(
            ServerSentEvent(
                event: eventType.isEmpty ? "message" : String(decoding: eventType, as: UTF8.self),
                data: String(decoding: data, as: UTF8.self),
                id: lastEventID.flatMap { $0.isEmpty ? nil : $0 },
                retry: pendingRetry
            )
        )
        pendingRetry = nil
    }
}
