/// A response body as it arrives: chunks of bytes, in order, ending when the body is complete.
///
/// Iteration throws `HTTPError` when the transfer fails (`.cancelled` when the iterating Task is
/// cancelled). Read it from one consumer; while nobody reads, the transfer pauses once
/// `Configuration.streamBufferBytes` are buffered. Dropping the stream aborts the transfer.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private let handle: StreamHandle

    init(handle: StreamHandle) {
        self.handle = handle
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: handle)
    }

    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        fileprivate let handle: StreamHandle

        public mutating func next() async throws -> [UInt8]? {
            try await handle.next()
        }
    }
}
