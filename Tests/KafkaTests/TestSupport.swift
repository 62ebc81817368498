import Foundation
import Kafka
import Testing

/// Helpers shared by the Kafka tests: every test runs its own mock cluster on 127.0.0.1.
enum TestKafka {
    /// A cluster with `topic` created.
    static func cluster(topic: String = "t", partitions: Int = 3, brokers: Int = 1) throws -> EmbeddedKafkaCluster {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers)
        defer { withExtendedLifetime(cluster) {} }
        try cluster.createTopic(topic, partitions: partitions)
        return cluster
    }

    static func producer(_ cluster: EmbeddedKafkaCluster, lingerMilliseconds: Int = 5) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.lingerMilliseconds = lingerMilliseconds
        return try KafkaProducer(configuration: configuration)
    }

    /// A consumer tuned for the mock's quickest rebalances.
    static func consumer(_ cluster: EmbeddedKafkaCluster, group: String, topics: [String] = ["t"], maxBatchSize: Int = 500, properties: [String: String] = [:]) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group)
        configuration.sessionTimeoutMilliseconds = 3000
        configuration.heartbeatIntervalMilliseconds = 100
        configuration.maxBatchSize = maxBatchSize
        configuration.properties = properties
        return try KafkaConsumer(configuration: configuration, topics: topics)
    }

    /// Runs `body` with a deadline; fails the test (instead of hanging) when it passes.
    static func withDeadline<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            guard let first = try await group.next(), let value = first else {
                group.cancelAll()
                throw DeadlineExceeded(what: what, seconds: seconds)
            }
            group.cancelAll()
            return value
        }
    }

    struct DeadlineExceeded: Error, CustomStringConvertible {
        let what: String
        let seconds: Double
        var description: String { "\(what): not done within \(seconds) s" }
    }
}

extension KafkaConsumerEvents.Iterator {
    /// Reads until `count` messages arrived, returning them (other events are skipped).
    mutating func messages(_ count: Int) async -> [KafkaMessage] {
        var result: [KafkaMessage] = []
        while result.count < count, let event = await next() {
            if case .message(let message) = event { result.append(message) }
        }
        return result
    }
}
