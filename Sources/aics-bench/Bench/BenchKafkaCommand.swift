import ArgumentParser
import CommandSupport
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
        KafkaConsumer.events. Consume time runs from the first message (the group join is excluded); the raw consumer reads \
        (copies) each key and value once, the Swift one hands them out as arrays. Each producer first \
        sends one empty record, unmeasured, so consumers read messages + 1. \
        Build with `swift build -c release --product aics-bench` first.
        """
    )

    @Option(name: .long, help: "Messages per run (keep messages/partitions well under 100k).")
    var messages: Int = 300_000

    @Option(name: .long, help: "Rounds on fresh topics; the summary shows the best of each measurement (this machine is shared and noisy).")
    var rounds: Int = 5

    @Option(name: .long, help: "Partitions per topic.")
    var partitions: Int = 16

    @Option(name: .long, help: "Value size in bytes.")
    var valueSize: Int = 100

    @Option(name: .long, help: "Concurrent senders (tasks awaiting one send at a time) in the per-record produce run.")
    var concurrency: Int = 10_000

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard messages > 0, rounds > 0, partitions > 0, valueSize > 0, concurrency > 0 else { throw ValidationError("all counts must be positive") }
    }

    func run() async throws {
        try logging.bootstrap()
        #if DEBUG
        print("warning: debug build; numbers are only meaningful with -c release")
        #endif
        let cluster = try EmbeddedKafkaCluster()
        print("Embedded cluster \(cluster.bootstrapServers): \(messages) messages of \(valueSize) bytes over \(partitions) partitions per run, \(rounds) round(s), librdkafka \(KafkaLibrary.version)")
        var best: [String: Throughput] = [:]
        var perRound: [[String: Throughput]] = []
        for round in 1...rounds {
            print("\nRound \(round)")
            let measured = try await measureRound(cluster, round: round)
            // Per label, the round's passes together.
            perRound.append(Dictionary(measured.map { ($0.label, $0) }) { first, second in
                Throughput(label: first.label, order: first.order, messages: first.messages + second.messages, bytes: first.bytes + second.bytes, elapsed: first.elapsed + second.elapsed)
            })
            for result in measured {
                print(result.line)
                if let known = best[result.label], known.messagesPerSecond >= result.messagesPerSecond { continue }
                best[result.label] = result
            }
        }
        await cluster.shutdown()
        let results = best.values.sorted { $0.order < $1.order }
        print("\nBest of \(rounds) round(s)")
        for result in results { print(result.line) }
        // Best against best, and the median of each round's pair (measured close together in time,
        // so less exposed to other load on a shared machine).
        func ratio(_ swift: String, _ raw: String) -> String {
            guard let bestSwift = best[swift], let bestRaw = best[raw] else { return "?" }
            let paired = perRound.compactMap { round -> Double? in
                guard let s = round[swift], let r = round[raw] else { return nil }
                return s.slowdown(against: r)
            }.sorted()
            let median = paired.isEmpty ? 0 : paired[paired.count / 2]
            return "best \(format(bestSwift.slowdown(against: bestRaw), 2))x, median of rounds \(format(median, 2))x"
        }
        print("")
        print("Swift / raw time ratio (1.0 = as fast as raw; target ≤ 1.5):")
        print("  produce, batch send      \(ratio(Label.swiftBatch, Label.rawProduce))")
        print("  produce, per-record send \(ratio(Label.swiftSingle, Label.rawProduce))")
        print("  consume, events          \(ratio(Label.swiftConsume, Label.rawConsume))")
    }

    enum Label {
        static let rawProduce = "produce  raw rd_kafka_produce"
        static let swiftBatch = "produce  Swift send(_:) batch"
        static let swiftSingle = "produce  Swift send(topic:...) per record"
        static let rawConsume = "consume  raw rd_kafka_consumer_poll"
        static let swiftConsume = "consume  Swift KafkaConsumer.events"
    }

    /// One round on fresh topics: raw produce, Swift batch produce, Swift per-record produce, raw consume, Swift consume.
    private func measureRound(_ cluster: EmbeddedKafkaCluster, round: Int) async throws -> [Throughput] {
        let topics = (raw: "bench.\(round).raw", swift: "bench.\(round).swift", single: "bench.\(round).swift-single")
        for topic in [topics.raw, topics.swift, topics.single] { try cluster.createTopic(topic, partitions: partitions) }
        let servers = cluster.bootstrapServers
        let keys = (0..<1000).map { Array("conversation-\($0)".utf8) }
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: valueSize)
        let count = messages
        let bytes = count * valueSize
        var results: [Throughput] = []
        let producerConfiguration = KafkaProducerConfiguration(bootstrapServers: servers)

        // Alternate which side goes first, so neither always meets the same load.
        if round % 2 == 0 {
            results.append(try await produceRaw(producerConfiguration, topic: topics.raw, keys: keys, value: value))
        }
        let producer = try KafkaProducer(configuration: producerConfiguration)
        let records = (0..<count).map { KafkaProducerRecord(topic: topics.swift, key: keys[$0 % keys.count], value: value) }
        // One empty record per topic first, unmeasured, as for raw: producer id, topic metadata, connections.
        try await producer.send(topic: topics.swift, key: nil, value: [])
        try await producer.send(topic: topics.single, key: nil, value: [])
        let clock = ContinuousClock()
        var start = clock.now
        try await producer.send(records)
        results.append(Throughput(label: Label.swiftBatch, order: 1, messages: count, bytes: bytes, elapsed: clock.now - start))
        start = clock.now
        try await sendOneByOne(producer, topic: topics.single, count: count, keys: keys, value: value)
        results.append(Throughput(label: Label.swiftSingle, order: 2, messages: count, bytes: bytes, elapsed: clock.now - start))
        await producer.shutdown()
        if round % 2 == 1 {
            results.append(try await produceRaw(producerConfiguration, topic: topics.raw, keys: keys, value: value))
        }

        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "bench-\(round)-raw")
        consumerConfiguration.sessionTimeoutMilliseconds = 3000
        consumerConfiguration.heartbeatIntervalMilliseconds = 100
        // Without this the last fetch of a partition may idle up to 500 ms and dominate the tail.
        consumerConfiguration.properties["fetch.wait.max.ms"] = "10"
        consumerConfiguration.properties["fetch.error.backoff.ms"] = "10"
        // librdkafka 2.0 compares this with the whole consumer queue: a reader 100k messages behind
        // stops all fetching until a ~1 s timer, which turns a short run into a measure of that timer.
        consumerConfiguration.properties["queued.min.messages"] = "1000000"
        // Each consumer reads its topic twice (a new group each time), in the order Swift, raw,
        // raw, Swift: whoever goes first in a round meets a colder cluster.
        for pass in ["a", "b"] {
            var swiftConfiguration = consumerConfiguration
            swiftConfiguration.groupID = "bench-\(round)-swift-\(pass)"
            var rawConfiguration = consumerConfiguration
            rawConfiguration.groupID = "bench-\(round)-raw-\(pass)"
            let raw = rawConfiguration
            let measureRaw = { () async throws -> Throughput in
                let consumed = try await onThread { () throws(KafkaError) -> (elapsed: Duration, bytes: Int) in
                    try LibrdkafkaBaseline.consume(configuration: raw, topic: topics.raw, count: count + 1)
                }
                return Throughput(label: Label.rawConsume, order: 3, messages: count + 1, bytes: consumed.bytes, elapsed: consumed.elapsed)
            }
            if pass == "a" {
                results.append(try await consumeThroughLayer(swiftConfiguration, topic: topics.swift, count: count + 1))
                results.append(try await measureRaw())
            } else {
                results.append(try await measureRaw())
                results.append(try await consumeThroughLayer(swiftConfiguration, topic: topics.swift, count: count + 1))
            }
        }
        return results
    }

    private func produceRaw(_ configuration: KafkaProducerConfiguration, topic: String, keys: [[UInt8]], value: [UInt8]) async throws -> Throughput {
        let count = messages
        let elapsed = try await onThread { () throws(KafkaError) -> Duration in
            try LibrdkafkaBaseline.produce(configuration: configuration, topic: topic, keys: keys, value: value, count: count)
        }
        return Throughput(label: Label.rawProduce, order: 0, messages: count, bytes: count * value.count, elapsed: elapsed)
    }

    private func sendOneByOne(_ producer: KafkaProducer, topic: String, count: Int, keys: [[UInt8]], value: [UInt8]) async throws {
        // Like the pipeline: many tasks (conversations), each awaiting its own sends one after another.
        let senders = min(concurrency, count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<senders {
                group.addTask {
                    var index = sender
                    while index < count {
                        try await producer.send(topic: topic, key: keys[index % keys.count], value: value)
                        index += senders
                    }
                }
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
        return Throughput(label: Label.swiftConsume, order: 4, messages: received, bytes: bytes, elapsed: elapsed)
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
