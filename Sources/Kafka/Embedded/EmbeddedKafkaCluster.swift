import CRdKafka
import Foundation
import Synchronization

/// librdkafka's mock Kafka cluster in this process: real TCP listeners on 127.0.0.1 that any
/// Kafka client (kcat, another process) can use, topic creation, and fault injection for tests.
///
/// The mock's first consumer-group join takes about 3 s; it keeps only part of long logs, so keep
/// runs well under 100k messages per partition.
public final class EmbeddedKafkaCluster: Sendable {
    private let host: KafkaHandle
    private let cluster: KafkaHandle
    private let alive = Mutex<Bool>(true)
    /// `host:port,...` of the brokers.
    public let bootstrapServers: String
    /// Broker ids, 1...N.
    public let brokerIDs: [Int32]

    /// Starts `brokers` mock brokers.
    public init(brokers: Int = 1) throws(KafkaError) {
        // The mock cluster needs a client instance to live in; it does no I/O of its own.
        let conf = try NativeConfiguration.make(["log_level": "3"])
        let host = try NativeConfiguration.makeClient(type: RD_KAFKA_PRODUCER, conf: conf)
        guard let cluster = rd_kafka_mock_cluster_new(host, Int32(brokers)) else {
            rd_kafka_destroy(host)
            throw KafkaError(code: .invalidArgument, message: "cannot start the mock cluster")
        }
        self.host = KafkaHandle(pointer: host)
        self.cluster = KafkaHandle(pointer: cluster)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        brokerIDs = (1...Int32(brokers)).map { $0 }
    }

    deinit {
        // Destroying takes up to a second (librdkafka joins its threads): never on the caller's thread.
        if let handles = takeHandles() {
            Thread.detachNewThread { Self.destroy(handles) }
        }
    }

    /// Creates `topic` with `partitions` partitions.
    public func createTopic(_ topic: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        try call { rd_kafka_mock_topic_create($0, topic, Int32(partitions), Int32(replicationFactor)) }
    }

    /// Makes the next requests of type `apiKey` (to any broker) fail with `errors`, one per request, in order.
    public func pushRequestErrors(_ apiKey: KafkaAPIKey, _ errors: [KafkaErrorCode]) throws(KafkaError) {
        var native = errors.map(\.native)
        try call { cluster in
            rd_kafka_mock_push_request_errors_array(cluster, apiKey.rawValue, native.count, &native)
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Takes a broker down: it closes its connections and refuses new ones.
    public func setBrokerDown(_ brokerID: Int32) throws(KafkaError) {
        try call { rd_kafka_mock_broker_set_down($0, brokerID) }
    }

    /// Brings a broker back up.
    public func setBrokerUp(_ brokerID: Int32) throws(KafkaError) {
        try call { rd_kafka_mock_broker_set_up($0, brokerID) }
    }

    /// Delays every response of `brokerID` by `milliseconds` (0: no delay again): a slow broker.
    public func setBrokerRoundTrip(_ brokerID: Int32, milliseconds: Int) throws(KafkaError) {
        try call { rd_kafka_mock_broker_set_rtt($0, brokerID, Int32(milliseconds)) }
    }

    /// Makes `brokerID` the leader of a partition.
    public func setPartitionLeader(topic: String, partition: Int32, brokerID: Int32) throws(KafkaError) {
        try call { rd_kafka_mock_partition_set_leader($0, topic, partition, brokerID) }
    }

    /// Stops the brokers and releases the cluster, on a thread of its own (idempotent). Dropping
    /// the last reference does the same without waiting.
    /// Runs `body` on a new cluster and shuts the cluster down afterwards, whether `body` threw or not.
    public static func with<T>(brokers: Int = 1, _ body: (EmbeddedKafkaCluster) async throws -> T) async throws -> T {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers)
        do {
            let result = try await body(cluster)
            await cluster.shutdown()
            return result
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    public func shutdown() async {
        guard let handles = takeHandles() else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                Self.destroy(handles)
                continuation.resume()
            }
        }
    }

    private func call(_ body: (OpaquePointer) -> rd_kafka_resp_err_t) throws(KafkaError) {
        let result: rd_kafka_resp_err_t = alive.withLock { isAlive in
            guard isAlive else { return RD_KAFKA_RESP_ERR__DESTROY }
            return body(cluster.pointer)
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(result) }
    }

    /// The handles, once: later calls (and fault injection) find the cluster gone.
    private func takeHandles() -> (host: KafkaHandle, cluster: KafkaHandle)? {
        alive.withLock { isAlive in
            guard isAlive else { return nil }
            isAlive = false
            return (host, cluster)
        }
    }

    private static func destroy(_ handles: (host: KafkaHandle, cluster: KafkaHandle)) {
        rd_kafka_mock_cluster_destroy(handles.cluster.pointer)
        rd_kafka_destroy(handles.host.pointer)
    }
}
