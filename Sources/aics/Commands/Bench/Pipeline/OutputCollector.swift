import JSON
import Kafka
import Synchronization

/// Consumes `cs.replies` and `cs.suggestions` from the start and records every output in an
/// `OutcomeBook` with its arrival time (seconds since the run's epoch).
final class OutputCollector: Sendable {
    private let book: Mutex<OutcomeBook>
    private let consumer: KafkaConsumer

    init(plan: LoadPlan, bootstrapServers: String, topics: [String], groupID: String) throws {
        book = Mutex(OutcomeBook(plan: plan))
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: groupID)
        configuration.clientID = "aics-bench-collector"
        configuration.sessionTimeoutMilliseconds = 6000
        configuration.heartbeatIntervalMilliseconds = 500
        configuration.maxBatchSize = 2000
        configuration.properties["fetch.wait.max.ms"] = "10"
        consumer = try KafkaConsumer(configuration: configuration, topics: topics)
    }

    /// Reads until cancelled or the consumer closes.
    func run(clock: @Sendable () -> Double) async {
        while !Task.isCancelled, let batch = await consumer.nextBatch() {
            let now = clock()
            let decoded = batch.compactMap { event -> Result<Decoded, Unreadable>? in
                guard case .message(let message) = event else { return nil }
                return Self.decode(message.value)
            }
            book.withLock { book in
                for result in decoded {
                    switch result {
                    case .success(let output): book.record(inReplyTo: output.inReplyTo, identity: output.identity, kind: output.kind, at: now)
                    case .failure(let failure): book.recordUnreadable(failure.reason)
                    }
                }
            }
        }
    }

    func close() async { await consumer.close() }

    var snapshot: OutcomeBook { book.withLock { $0 } }

    struct Decoded {
        var inReplyTo: [String]
        var identity: OutcomeBook.OutputIdentity
        var kind: String
    }

    struct Unreadable: Error {
        var reason: String
    }

    /// A reply (`reply_id`, `kind`) or a suggestion (`suggestion_id`, `status`).
    static func decode(_ bytes: [UInt8]) -> Result<Decoded, Unreadable> {
        guard let value = try? JSONParser.parse(bytes) else { return .failure(Unreadable(reason: "not JSON")) }
        let inReplyTo = value["in_reply_to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let text = value["text"]?.stringValue ?? ""
        if let id = value["reply_id"]?.stringValue {
            return .success(Decoded(inReplyTo: inReplyTo, identity: .init(outputID: id, text: text), kind: value["kind"]?.stringValue ?? "reply"))
        }
        if let id = value["suggestion_id"]?.stringValue {
            let status = value["status"]?.stringValue ?? "ok"
            return .success(Decoded(inReplyTo: inReplyTo, identity: .init(outputID: id, text: text), kind: "suggestion-\(status)"))
        }
        return .failure(Unreadable(reason: "neither reply_id nor suggestion_id"))
    }
}
