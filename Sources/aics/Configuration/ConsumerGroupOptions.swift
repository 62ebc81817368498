import ArgumentParser
import CommandSupport
import Kafka

/// How `aics worker` takes part in its consumer group: a stable worker id (static membership),
/// the partition assignment strategy and the session timeout. What each costs after a crash is
/// measured by `aics chaos` (README, Reliability).
struct ConsumerGroupOptions: ParsableArguments {
    @Option(name: .long, help: """
        A stable id for this worker, unique in its group (e.g. the pod or host name); it becomes Kafka's group.instance.id \
        (static membership): restarted with the same id within --session-timeout-ms, the worker gets its partitions back \
        without a rebalance of the group. A stopped worker with an id does not leave the group: its partitions wait for it \
        (or for the session timeout). Env: AICS_WORKER_ID. Default: none (dynamic membership).
        """)
    var workerID: String?

    @Option(name: .long, help: """
        Partition assignment: "range,roundrobin" (librdkafka's default; every rebalance takes all partitions from \
        every worker and hands them out again) or "cooperative-sticky" (only the partitions that move are revoked; \
        the others keep flowing). All workers of a group must use the same protocol (switching needs a restart of all). \
        Env: AICS_KAFKA_ASSIGNMENT_STRATEGY.
        """)
    var assignmentStrategy: String?

    @Option(name: .long, help: """
        Kafka session.timeout.ms: how long the group waits for a worker that stopped heartbeating (crashed) before its \
        partitions move; the stall after a crash is at least this long. Brokers accept 6000 and up by default \
        (group.min.session.timeout.ms). Env: AICS_KAFKA_SESSION_TIMEOUT_MS. (default: 10000)
        """)
    var sessionTimeoutMs: Int?

    static let strategies = ["range", "roundrobin", "range,roundrobin", "roundrobin,range", "cooperative-sticky"]

    func validate() throws {
        if let strategy = resolvedStrategy, !Self.strategies.contains(strategy) {
            throw ValidationError("--assignment-strategy \(strategy): choose range,roundrobin or cooperative-sticky")
        }
        if let id = resolvedWorkerID, id.count > 249 || id.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--worker-id must be at most 249 characters without spaces")
        }
        if let timeout = try resolvedSessionTimeout(), !(1000...3_600_000).contains(timeout) {
            throw ValidationError("--session-timeout-ms must be between 1000 and 3600000")
        }
    }

    var resolvedWorkerID: String? { workerID ?? Environment.value("AICS_WORKER_ID") }
    var resolvedStrategy: String? { assignmentStrategy ?? Environment.value("AICS_KAFKA_ASSIGNMENT_STRATEGY") }

    func resolvedSessionTimeout() throws -> Int? {
        if let sessionTimeoutMs { return sessionTimeoutMs }
        guard let text = Environment.value("AICS_KAFKA_SESSION_TIMEOUT_MS") else { return nil }
        guard let value = Int(text) else { throw ValidationError("AICS_KAFKA_SESSION_TIMEOUT_MS=\(text) is not a number of milliseconds") }
        return value
    }

    /// Applies the options to the worker's consumer configuration (after `validate()`).
    func apply(to consumer: inout KafkaConsumerConfiguration) {
        if let id = resolvedWorkerID { consumer.properties["group.instance.id"] = id }
        if let strategy = resolvedStrategy { consumer.properties["partition.assignment.strategy"] = strategy }
        if let timeout = (try? resolvedSessionTimeout()) ?? nil {
            consumer.sessionTimeoutMilliseconds = timeout
            // Three heartbeats per session, at most one a second (the default ratio).
            consumer.heartbeatIntervalMilliseconds = min(1000, max(100, timeout / 3))
        }
    }
}
