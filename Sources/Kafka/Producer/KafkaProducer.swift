import CRdKafka
import Logging
import ServiceLifecycle

/// An idempotent Kafka producer.
///
/// `send` returns once the broker acknowledged the record (librdkafka's delivery report) or
/// throws a `KafkaError`. Records are batched by librdkafka (`linger.ms`); when its queue is full,
/// `send` waits for delivery reports to free space. A dedicated thread serves delivery reports;
/// `shutdown()` flushes. As a `Service`, `run()` waits for graceful shutdown, then shuts down.
public final class KafkaProducer: Sendable, Service {
    private let handle: KafkaHandle
    private let gate = ProduceGate()
    private let queueSpace = QueueSpace()
    private let topics = TopicHandles()
    private let pollLoop: ProducerPollLoop
    private let logger: Logger

    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "aics.kafka.producer")) throws(KafkaError) {
        let conf = try NativeConfiguration.make(configuration.nativeProperties)
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in DeliveryReports.handle(message) }
        handle = KafkaHandle(pointer: try NativeConfiguration.makeClient(type: RD_KAFKA_PRODUCER, conf: conf))
        pollLoop = ProducerPollLoop(handle: handle, gate: gate, queueSpace: queueSpace, topics: topics)
        self.logger = logger
        pollLoop.start(name: "kafka-producer-poll")
    }

    deinit {
        pollLoop.requestStop(flushTimeout: .seconds(10))
    }

    /// Produces one record and returns where the broker stored it.
    ///
    /// An empty `value` is produced as a null value. Throws `KafkaError` with librdkafka's code
    /// when the record cannot be delivered (after librdkafka's own retries) or the producer is shut down.
    @discardableResult
    public func send(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) async throws(KafkaError) -> KafkaDelivery {
        while true {
            let epoch = queueSpace.currentEpoch
            var queueFull = false
            let result = await withUnsafeContinuation { (continuation: DeliveryContinuation) in
                let error = enqueue(topic: topic, key: key, value: value, headers: headers, opaque: DeliveryReports.opaque(for: continuation))
                if error == RD_KAFKA_RESP_ERR_NO_ERROR { return }
                if error == RD_KAFKA_RESP_ERR__QUEUE_FULL { queueFull = true }
                continuation.resume(returning: .failure(KafkaError(error)))
            }
            if queueFull {
                await queueSpace.wait(since: epoch)
                continue
            }
            return try result.get()
        }
    }

    /// Produces a record with a UTF-8 key and value.
    @discardableResult
    public func send(topic: String, key: String?, value: String, headers: [KafkaHeader] = []) async throws(KafkaError) -> KafkaDelivery {
        try await send(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }

    /// Produces many records and returns once every one was acknowledged; the fast path for bulk
    /// sends (no allocation per record). Throws `KafkaBatchDeliveryError` listing the failed records.
    public func send(_ records: [KafkaProducerRecord]) async throws(KafkaBatchDeliveryError) {
        guard !records.isEmpty else { return }
        let batch = BatchDelivery(count: records.count)
        for index in records.indices {
            let record = records[index]
            while true {
                let epoch = queueSpace.currentEpoch
                let error = enqueue(topic: record.topic, key: record.key, value: record.value, headers: record.headers, opaque: batch.opaque(at: index))
                if error == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    await queueSpace.wait(since: epoch)
                    continue
                }
                if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                    batch.fail(index: index, error: KafkaError(error))
                    batch.completeOne()
                }
                break
            }
        }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            batch.continuation = continuation
            batch.completeOne()
        }
        let failures = batch.failures
        if !failures.isEmpty { throw KafkaBatchDeliveryError(failures: failures) }
    }

    /// Stops taking records, waits up to `flushTimeout` for outstanding ones to be acknowledged
    /// (those still outstanding then fail), and releases the handle.
    public func shutdown(flushTimeout: Duration = .seconds(10)) async {
        pollLoop.requestStop(flushTimeout: flushTimeout)
        await pollLoop.waitUntilFinished()
    }

    /// Asks the cluster for its broker list: nil once a broker answered within `timeout`, else
    /// why not. The request blocks a thread of its own, never the cooperative pool.
    public func checkBrokers(timeout: Duration) async -> KafkaError? {
        guard gate.enter() else { return .closed }
        defer { gate.leave() }
        let worker = BlockingWorker(name: "aics-kafka-probe")
        defer { worker.stop() }
        let client = handle
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let error: KafkaError? = await worker.run {
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let result = rd_kafka_metadata(client.pointer, 0, nil, &metadata, milliseconds)
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(result)
        } ?? .closed
        return error
    }

    /// Runs until graceful shutdown (or cancellation), then flushes and shuts down.
    public func run() async throws {
        try? await gracefulShutdown()
        logger.debug("producer shutting down")
        await shutdown()
    }

    private func enqueue(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader], opaque: UnsafeMutableRawPointer) -> rd_kafka_resp_err_t {
        guard gate.enter() else { return RD_KAFKA_RESP_ERR__DESTROY }
        defer { gate.leave() }
        guard let topicHandle = topics.handle(for: topic, client: handle.pointer) else { return RD_KAFKA_RESP_ERR__INVALID_ARG }
        var nativeHeaders: OpaquePointer?
        if !headers.isEmpty {
            nativeHeaders = rd_kafka_headers_new(headers.count)
            for header in headers {
                header.value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(nativeHeaders, header.name, -1, bytes.baseAddress, bytes.count)
                }
            }
        }
        let error = value.withUnsafeBytes { valueBytes in
            withOptionalBytes(key) { keyPointer, keyLength in
                aics_rd_kafka_produce_rkt(handle.pointer, topicHandle, keyPointer, keyLength, valueBytes.baseAddress, valueBytes.count, nativeHeaders, opaque)
            }
        }
        if error != RD_KAFKA_RESP_ERR_NO_ERROR, let nativeHeaders { rd_kafka_headers_destroy(nativeHeaders) }
        return error
    }
}

private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let bytes else { return body(nil, 0) }
    return bytes.withUnsafeBytes { body($0.baseAddress, $0.count) }
}
