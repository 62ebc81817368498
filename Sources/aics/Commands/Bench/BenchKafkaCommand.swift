import ArgumentParser
import Foundation
import Kafka

/// `aics bench kafka`: the Swift Kafka layer against raw librdkafka, same run, same embedded cluster.
struct BenchKafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce and consume throughput: Swift Kafka layer vs raw librdkafka calls.",
        discussion: """
        Starts an embedded cluster and measures, on separate topics of equal shape: produce through \
        raw rd_kafka_produce, through KafkaProducer.send(_:) (batch) and through KafkaProducer.send(topic:...) \
        (one call per record, many in flight); consume through raw rd_kafka_consumer_poll and through \
        KafkaConsumer.events. Consume time runs from the first message (the group join is excluded). \
        Build with `swift build -c release --product aics` first.
        """
    )

    @Option(name: .long, help: "Messages per run (keep messages/partitions well under 100k).")
    var messages: Int = 200_000

    @Option(name: .long, help: "Partitions per topic.")
    var partitions: Int = 4

    @Option(name: .long, help: "Value size in bytes.")
    var valueSize: Int = 100

    @Option(name: .long, help: "In-flight single sends for the per-record produce run.")
    var concurrency: Int = 2_000

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard messages > 0, partitions > 0, valueSize > 0, concurrency > 0 else { throw ValidationError("all counts must be positive") }
    }

    func run() async throws {
        try logging.bootstrap()
        #if DEBUG
        print("warning: debug build; numbers are only meaningful with -c release")
        #endif
        let cluster = try EmbeddedKafkaCluster()
        defer { cluster.shutdown() }
        for topic in ["bench.raw", "bench.swift", "bench.swift-single"] { try cluster.createTopic(topic, partitions: partitions) }
        let servers = cluster.bootstrapServers
        let keys = (0..<1000).map { Array("conversation-\($0)".utf8) }
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: valueSize)
        let count = messages
        let bytes = count * valueSize
        let producerConfiguration = KafkaProducerConfiguration(bootstrapServers: servers)
        print("Embedded cluster \(servers): \(count) messages of \(valueSize) bytes over \(partitions) partitions, librdkafka \(KafkaLibrary.version)\n")

        let rawProduce = try await onThread { () throws(KafkaError) -> Duration in
            try LibrdkafkaBaseline.produce(configuration: producerConfiguration, topic: "bench.raw", keys: keys, value: value, count: count)
        }
        let raw = Throughput(label: "produce  raw rd_kafka_produce", messages: count, bytes: bytes, elapsed: rawProduce)
        print(raw.line)

        let producer = try KafkaProducer(configuration: producerConfiguration)
        let records = (0..<count).map { KafkaProducerRecord(topic: "bench.swift", key: keys[$0 % keys.count], value: value) }
        let clock = ContinuousClock()
        var start = clock.now
        try await producer.send(records)
        let swiftBatch = Throughput(label: "produce  Swift send(_:) batch", messages: count, bytes: bytes, elapsed: clock.now - start)
        print(swiftBatch.line)

        start = clock.now
        try await sendOneByOne(producer, count: count, keys: keys, value: value)
        let swiftSingle = Throughput(label: "produce  Swift send(topic:...) \(concurrency) in flight", messages: count, bytes: bytes, elapsed: clock.now - start)
        print(swiftSingle.line)
        await producer.shutdown()

        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "bench-raw")
        consumerConfiguration.sessionTimeoutMilliseconds = 3000
        consumerConfiguration.heartbeatIntervalMilliseconds = 100
        let rawConsumerConfiguration = consumerConfiguration
        let rawConsume = try await onThread { () throws(KafkaError) -> (elapsed: Duration, bytes: Int) in
            try LibrdkafkaBaseline.consume(configuration: rawConsumerConfiguration, topic: "bench.raw", count: count)
        }
        let rawIn = Throughput(label: "consume  raw rd_kafka_consumer_poll", messages: count, bytes: rawConsume.bytes, elapsed: rawConsume.elapsed)
        print(rawIn.line)

        consumerConfiguration.groupID = "bench-swift"
        let swiftIn = try await consumeThroughLayer(consumerConfiguration, topic: "bench.swift", count: count)
        print(swiftIn.line)

        print("")
        print("Swift / raw (1.0 = as fast as raw; target ≤ 1.5):")
        print("  produce, batch send      \(format(swiftBatch.slowdown(against: raw), 2))x")
        print("  produce, per-record send \(format(swiftSingle.slowdown(against: raw), 2))x")
        print("  consume, events          \(format(swiftIn.slowdown(against: rawIn), 2))x")
    }

    private func sendOneByOne(_ producer: KafkaProducer, count: Int, keys: [[UInt8]], value: [UInt8]) async throws {
        let window = concurrency
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                if index >= window { try await group.next() }
                let key = keys[index % keys.count]
                group.addTask { try await producer.send(topic: "bench.swift-single", key: key, value: value) }
            }
            try await group.waitForAll()
        }
    }

    private func consumeThroughLayer(_ configuration: KafkaConsumerConfiguration, topic: String, count: Int) async throws -> Throughput {
        let consumer = try KafkaConsumer(configuration: configuration, topics: [topic])
        let clock = ContinuousClock()
        var start: ContinuousClock.Instant?
        var received = 0
        var bytes = 0
        for await event in consumer.events {
            guard case .message(let message) = event else { continue }
            if start == nil { start = clock.now }
            received += 1
            bytes += message.value.count
            if received == count { break }
        }
        let elapsed = clock.now - start!
        await consumer.close()
        return Throughput(label: "consume  Swift KafkaConsumer.events", messages: received, bytes: bytes, elapsed: elapsed)
    }
}

/// Runs a blocking body on a new thread of its own and returns its result.
private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
    let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, KafkaError>, Never>) in
        Thread.detachNewThread {
            do throws(KafkaError) {
                continuation.resume(returning: .success(try body()))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
    }
    return try result.get()
}
