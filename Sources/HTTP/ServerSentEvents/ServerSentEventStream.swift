/// The events of a streaming body, parsed with `ServerSentEventParser` as chunks arrive.
public struct ServerSentEventStream: AsyncSequence, Sendable {
    public typealias Element = ServerSentEvent

    private let body: HTTPBodyStream

    public init(body: HTTPBodyStream) {
        self.body = body
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: body.makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        private var chunks: HTTPBodyStream.AsyncIterator
        private var parser = ServerSentEventParser()
        private var ready: [ServerSentEvent] = []
        private var nextReady = 0
        private var bodyEnded = false

        init(chunks: HTTPBodyStream.AsyncIterator) {
            self.chunks = chunks
        }

        public mutating func next() async throws -> ServerSentEvent? {
            while nextReady == ready.count {
                if bodyEnded { return nil }
                nextReady = 0
                if let chunk = try await chunks.next() {
                    ready = parser.feed(chunk)
                } else {
                    ready = parser.finish()
                    bodyEnded = true
                }
            }
            defer { nextReady += 1 }
            return ready[nextReady]
        }
    }
}
