import CRdKafka

/// What the poll thread hands to the reader: messages still in librdkafka's form plus rebalance
/// events, in order. The reader converts them (`MessageConverter`), so copying bytes into Swift
/// overlaps the poll thread's work on the next batch.
struct NativeBatch: @unchecked Sendable {
    enum Item {
        case message(UnsafeMutablePointer<rd_kafka_message_t>)
        case event(KafkaConsumerEvent)
    }

    var items: [Item] = []

    var isEmpty: Bool { items.isEmpty }

    /// Destroys the messages of a batch nobody will read.
    func destroy() {
        for case .message(let message) in items { rd_kafka_message_destroy(message) }
    }
}
