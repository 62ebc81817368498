import JSON
import Kafka
import Synchronization

/// Consumes `cs.replies` and `cs.suggestions` from the start and records every output in an
/// `OutcomeBook` with its arrival time (seconds since the run's epoch).
final class OutputCollector: Sendable {
    private let book: Mutex<OutcomeBook>
    private let reader: TopicReader

    init(plan: LoadPlan, bootstrapServers: String, topics: [String], groupID: String) throws {
        book = Mutex(OutcomeBook(plan: plan))
        reader = try TopicReader(bootstrapServers: bootstrapServers, topics: topics, groupID: groupID, clientID: "aics-bench-collector")
    }

    /// Reads until cancelled or the consumer closes.
    func run(clock: @Sendable () -> Double) async {
        await reader.run(clock: clock) { messages, now in
            let decoded = messages.map { Self.decode($0.value) }
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

    func close() async { await reader.close() }

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
