/// The bounded hand-over of body chunks from the curl thread to one consumer.
///
/// The producer offers each chunk once: it is given to a waiting consumer, buffered, or refused
/// when the buffer is full (the transfer then pauses and libcurl offers the same bytes again after
/// the consumer asks to resume). So memory per stream stays near `highWater` bytes.
/// `Waiter` is the consumer's continuation; tests use a plain value.
struct BodyBufferStateMachine<Waiter> {
    enum ReceiveAction {
        /// Hand the chunk to the waiting consumer.
        case deliver(Waiter, [UInt8])
        /// Taken into the buffer.
        case buffered
        /// Refused: pause the transfer.
        case pause
    }

    enum NextAction {
        /// Return this chunk; if `resume`, unpause the transfer.
        case chunk([UInt8], resume: Bool)
        case finished
        case failed(HTTPError)
        /// The consumer waits; if `resume`, unpause the transfer.
        case wait(resume: Bool)
    }

    enum FinishAction {
        case resume(Waiter, HTTPError?)
        case none
    }

    private enum End {
        case open, finished, failed(HTTPError)
    }

    let highWater: Int
    private var chunks: [[UInt8]] = []
    private var firstChunk = 0
    private(set) var bufferedBytes = 0
    private(set) var isPaused = false
    private var waiter: Waiter?
    private var end = End.open

    init(highWater: Int) {
        self.highWater = max(1, highWater)
    }

    mutating func receive(_ chunk: [UInt8]) -> ReceiveAction {
        if let waiter {
            self.waiter = nil
            return .deliver(waiter, chunk)
        }
        // An empty buffer always takes a chunk, however large, so that progress is certain.
        if bufferedBytes > 0 && bufferedBytes + chunk.count > highWater {
            isPaused = true
            return .pause
        }
        chunks.append(chunk)
        bufferedBytes += chunk.count
        return .buffered
    }

    mutating func next(waiter: Waiter) -> NextAction {
        if firstChunk < chunks.count {
            let chunk = chunks[firstChunk]
            firstChunk += 1
            if firstChunk == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                firstChunk = 0
            }
            bufferedBytes -= chunk.count
            return .chunk(chunk, resume: takeResume())
        }
        switch end {
        case .finished: return .finished
        case .failed(let error): return .failed(error)
        case .open:
            self.waiter = waiter
            return .wait(resume: takeResume())
        }
    }

    /// The transfer ended; `error` nil means the whole body arrived. Only the first call counts.
    mutating func finish(_ error: HTTPError?) -> FinishAction {
        guard case .open = end else { return .none }
        end = error.map { .failed($0) } ?? .finished
        guard let waiter else { return .none }
        self.waiter = nil
        return .resume(waiter, error)
    }

    /// Resume once the consumer has drained half the buffer, not after every chunk.
    private mutating func takeResume() -> Bool {
        guard isPaused, bufferedBytes <= highWater / 2 else { return false }
        isPaused = false
        return true
    }
}
