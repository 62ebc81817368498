import Kafka
import Postgres

/// Whether a failure is an outage (the database or the brokers are away or overloaded: wait and
/// try again, as long as it takes) or belongs to what was being written (a value the database
/// refuses, a record the broker will never take: trying again cannot help). Outages never spend
/// a message's attempt budget; failures of the message's own do, and batch writers isolate the
/// item that causes one instead of retrying the whole batch.
public enum FailureClass: Sendable, Equatable {
    case outage
    case ownFault

    public static func of(_ error: any Error) -> FailureClass {
        switch error {
        case let error as PostgresError: of(error)
        case let error as KafkaError: of(error)
        case is CancellationError: .outage
        default: .ownFault
        }
    }

    static func of(_ error: PostgresError) -> FailureClass {
        switch error.kind {
        case .connectionFailed, .connectionLost, .statementTimeout, .cancelled, .poolShutdown: return .outage
        case .decoding, .invalidParameter: return .ownFault
        case .server:
            // SQLSTATE classes: 08 connection, 40 serialization/deadlock, 53 insufficient resources,
            // 57 operator intervention (shutdown, cancel), 58 system error, XX internal: all transient.
            // 22 data exception, 23 integrity, 54 program limit (e.g. an index row too large), 42 syntax: the data's own.
            let sqlClass = error.sqlState.map { String($0.prefix(2)) } ?? ""
            return ["08", "40", "53", "57", "58", "XX", "55"].contains(sqlClass) ? .outage : .ownFault
        }
    }

    static func of(_ error: KafkaError) -> FailureClass {
        // A record the broker refuses for what it is never goes through; everything else
        // (timeouts, brokers down, leader moves, full queues) passes.
        [.messageSizeTooLarge, .invalidMessage, .invalidMessageSize, .recordListTooLarge, .invalidArgument]
            .contains(error.code) ? .ownFault : .outage
    }
}
