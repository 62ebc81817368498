import CRdKafka
import Logging
import ServiceLifecycle

/// A Kafka consumer in a consumer group with explicit offsets.
///
/// Read `events` (one reader at a time): messages plus `partitionsAssigned` / `partitionsRevoked`
/// in the order they happen. Nothing is committed automatically; commit, per partition, the next
/// offset to read with `commit(_:)`. Polling runs on a thread of its own that stays at most two
/// batches ahead of the reader (`maxBatchSize` messages each), so librdkafka's own queue limits
/// bound memory. After `pause(_:)`, messages of the paused partitions already in those batches still
/// arrive. `close()` leaves the group at once.
public final class KafkaConsumer: Sendable, Service {
    private let loop: ConsumerPollLoop
    private let handle: KafkaHandle
    private let logger: Logger

    /// Creates the consumer and subscribes it to `topics`.
    public init(configuration: KafkaConsumerConfiguration, topics: [String], logger: Logger = Logger(label: "aics.kafka.consumer")) throws(KafkaError) {
        let loop = ConsumerPollLoop(maxBatchSize: configuration.maxBatchSize, logger: logger)
        let conf = try NativeConfiguration.make(configuration.nativeProperties)
        // The loop outlives the handle: its thread holds it until after rd_kafka_destroy.
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(loop).toOpaque())
        rd_kafka_conf_set_rebalance_cb(conf) { rk, error, list, opaque in
            guard let rk, let opaque else { return }
            Unmanaged<ConsumerPollLoop>.fromOpaque(opaque).takeUnretainedValue().rebalance(rk, error, list)
        }
        let rk = try NativeConfiguration.makeClient(type: RD_KAFKA_CONSUMER, conf: conf)
        rd_kafka_poll_set_consumer(rk)
        let subscription = TopicPartitionList.make(topics.map { KafkaTopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
        let result = rd_kafka_subscribe(rk, subscription)
        rd_kafka_topic_partition_list_destroy(subscription)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_destroy(rk)
            loop.worker.stop()
            throw KafkaError(result)
        }
        self.loop = loop
        self.handle = KafkaHandle(pointer: rk)
        self.logger = logger
        loop.start(handle: handle)
    }

    deinit {
        loop.requestClose()
    }

    /// Messages and rebalance events, pulled from librdkafka on demand.
    public var events: KafkaConsumerEvents { KafkaConsumerEvents(loop: loop) }

    /// The next batch of events (at most `maxBatchSize` messages), for readers that work in batches;
    /// nil once the consumer is closing. Do not mix with an `events` iterator.
    public func nextBatch() async -> [KafkaConsumerEvent]? {
        await loop.nextBatch()
    }

    /// Commits, per partition, the offset of the next message to read (the highest done offset + 1).
    /// Waits for the broker's answer on a thread of its own.
    public func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let handle = self.handle
        let sorted = offsets.keys.sorted()
        let failure: KafkaError?? = await loop.worker.run {
            let list = TopicPartitionList.make(sorted, offsets: offsets)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let result = rd_kafka_commit(handle.pointer, list, 0)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaError(result) }
            return TopicPartitionList.firstError(in: list)
        }
        switch failure {
        case .none: throw KafkaError.closed
        case .some(.some(let error)): throw error
        case .some(.none): return
        }
    }

    /// Stops fetching from these partitions until `resume(_:)`. A rebalance that assigns a
    /// partition again starts it unpaused.
    public func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: true)
    }

    /// Resumes fetching from paused partitions, at the position after the last message handed out.
    public func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: false)
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        let result: Result<[KafkaTopicPartition], KafkaError> = loop.alive.withLock { alive in
            guard alive else { return .failure(.closed) }
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let error = rd_kafka_assignment(handle.pointer, &list)
            defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
            if error != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(error)) }
            return .success(TopicPartitionList.partitions(of: list))
        }
        return try result.get()
    }

    /// Per partition, the low and high watermarks (the first offset kept, the offset the next
    /// produced record gets) as librdkafka last saw them in a fetch response, and the fetch
    /// position (one past the last record handed out); nil where not known yet. Cached values read under librdkafka's partition lock
    /// (`rd_kafka_get_watermark_offsets`, `rd_kafka_position`): nothing waits for the network, so
    /// this is safe to call from any task. A paused partition is not fetched: its watermark ages.
    public func fetchOffsets(_ partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: FetchOffsets] {
        loop.alive.withLock { alive in
            guard alive, !partitions.isEmpty else { return [:] }
            var result: [KafkaTopicPartition: FetchOffsets] = [:]
            let list = TopicPartitionList.make(partitions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let positionsKnown = rd_kafka_position(handle.pointer, list) == RD_KAFKA_RESP_ERR_NO_ERROR
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                var low: Int64 = 0, high: Int64 = 0
                let known = rd_kafka_get_watermark_offsets(handle.pointer, element.topic, element.partition, &low, &high)
                    == RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0
                let position = positionsKnown && element.err == RD_KAFKA_RESP_ERR_NO_ERROR && element.offset >= 0 ? element.offset : nil
                result[partition] = FetchOffsets(lowWatermark: known ? low : nil, highWatermark: known ? high : nil, position: position)
            }
            return result
        }
    }

    /// Leaves the group at once (librdkafka's consumer close: partitions are revoked without
    /// a `partitionsRevoked` event) and releases the handle. Readers then get nil.
    public func close() async {
        await loop.close()
    }

    /// Runs until graceful shutdown (or cancellation), then closes.
    public func run() async throws {
        try? await gracefulShutdown()
        logger.debug("consumer closing")
        await close()
    }

    private func pauseOrResume(_ partitions: [KafkaTopicPartition], pause: Bool) throws(KafkaError) {
        let failure: KafkaError? = loop.alive.withLock { alive in
            guard alive else { return .closed }
            let list = TopicPartitionList.make(partitions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let result = pause ? rd_kafka_pause_partitions(handle.pointer, list) : rd_kafka_resume_partitions(handle.pointer, list)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaError(result) }
            return TopicPartitionList.firstError(in: list)
        }
        if let failure { throw failure }
    }
}
