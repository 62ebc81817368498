/// A response whose status line and headers have arrived and whose body follows.
public struct HTTPStreamingResponse: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    /// The body, chunk by chunk as it arrives.
    public let body: HTTPBodyStream

    /// The body parsed as `text/event-stream`. Use either `body` or `events`, not both.
    public var events: ServerSentEventStream {
        ServerSentEventStream(body: body)
    }

    init(status: Int, headers: HTTPHeaders, body: HTTPBodyStream) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
