/// One event of a `text/event-stream` body, as the WHATWG event-stream rules dispatch it.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field; "message" when the stream gave none.
    public var event: String
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The last event id seen on the stream so far (`id:` persists across events).
    public var id: String?
    /// A `retry:` value in milliseconds, when this event carried one.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}
