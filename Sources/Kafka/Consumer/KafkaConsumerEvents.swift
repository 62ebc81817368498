/// The consumer's events as an async sequence. The iterator takes a batch from the poll thread
/// when it has handed out the previous one; the poll thread stays at most two batches ahead, so
/// memory stays bounded by librdkafka's queues. One iterator at a time per consumer.
public struct KafkaConsumerEvents: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerEvent
    let loop: ConsumerPollLoop

    public func makeAsyncIterator() -> Iterator {
        Iterator(loop: loop)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let loop: ConsumerPollLoop
        private var buffer: [KafkaConsumerEvent] = []
        private var index = 0

        init(loop: ConsumerPollLoop) {
            self.loop = loop
        }

        /// The next event; nil after `close()` or when the task is cancelled.
        public mutating func next() async -> KafkaConsumerEvent? {
            while index == buffer.count {
                guard let batch = await loop.nextBatch() else { return nil }
                if batch.isEmpty && Task.isCancelled { return nil }
                buffer = batch
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
