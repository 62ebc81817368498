/// The hand-over between the consumer's poll thread and its one reader, as a value: it decides,
/// the poll loop performs (under its lock; waiting and resuming happen outside). Generic so it can
/// be tested without librdkafka or continuations.
///
/// The poll thread keeps at most `depth` batches ready ahead of the reader; a reader that finds
/// none waits; closing ends the reader and discards what was not taken.
struct ConsumerHandoff<Batch, Reader> {
    let depth: Int
    private(set) var ready: [Batch] = []
    private(set) var waitingReader: Reader?
    private(set) var closing = false

    init(depth: Int) {
        self.depth = max(1, depth)
    }

    /// What the reader gets when it asks.
    enum ReaderAction {
        /// A batch was ready.
        case take(Batch)
        /// The consumer is closing: no more batches.
        case end
        /// The reader's task is cancelled: an empty answer.
        case cancelled
        /// Nothing ready: the reader is stored and answered by a later `deliver` or `close`.
        case wait
    }

    /// The reader asks for the next batch (`reader` is what to resume later if it must wait).
    mutating func readerAsks(_ reader: Reader, isCancelled: Bool) -> ReaderAction {
        if closing { return .end }
        if !ready.isEmpty { return .take(ready.removeFirst()) }
        if isCancelled { return .cancelled }
        precondition(waitingReader == nil, "KafkaConsumer: one reader at a time")
        waitingReader = reader
        return .wait
    }

    /// The reader's fast path: a ready batch without registering, if there is one.
    mutating func takeReady() -> Batch? {
        guard !closing, !ready.isEmpty else { return nil }
        return ready.removeFirst()
    }

    /// What the poll thread does with a batch it filled.
    enum DeliverAction {
        /// Resume this waiting reader with the batch (nil: the consumer is closing).
        case resume(Reader, Batch?)
        /// The batch is queued for the reader.
        case queued
        /// `depth` batches are ready: wait until the reader takes one, then deliver again.
        case waitForRoom
        /// Closing: destroy the batch (and end a waiting reader, if any).
        case discard(endReader: Reader?)
        /// An empty batch nobody waits for: nothing to do.
        case none
    }

    /// The poll thread hands over `batch` (`isEmpty`: an interrupted poll found nothing).
    mutating func deliver(_ batch: Batch, isEmpty: Bool) -> DeliverAction {
        if isEmpty {
            guard ready.isEmpty, let reader = waitingReader else { return .none }
            waitingReader = nil
            return .resume(reader, closing ? nil : batch)
        }
        if closing {
            let reader = waitingReader
            waitingReader = nil
            return .discard(endReader: reader)
        }
        if let reader = waitingReader {
            waitingReader = nil
            return .resume(reader, batch)
        }
        if ready.count >= depth { return .waitForRoom }
        ready.append(batch)
        return .queued
    }

    /// True once the reader has taken every ready batch and asks for more: it has handled all
    /// events handed over so far (the moment a revocation may complete).
    var readerCaughtUp: Bool { waitingReader != nil && ready.isEmpty }

    /// The reader's task was cancelled while waiting: true if a reader waits (the poll should be interrupted).
    var hasWaitingReader: Bool { waitingReader != nil }

    /// Starts closing: returns the waiting reader to end and the batches to destroy.
    mutating func close() -> (endReader: Reader?, discarded: [Batch]) {
        closing = true
        let reader = waitingReader
        waitingReader = nil
        let discarded = ready
        ready.removeAll()
        return (reader, discarded)
    }
}
