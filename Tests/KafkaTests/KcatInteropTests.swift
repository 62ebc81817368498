import Foundation
import Kafka
import Testing

/// kcat (the command-line Kafka client) against the embedded cluster: a foreign client must work.
@Suite struct KcatInteropTests {
    static let kcatPath = ["/usr/bin/kcat", "/usr/local/bin/kcat", "/usr/bin/kafkacat"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: kcatPath != nil, "kcat is not installed (apt-get install kcat)"))
    func kcatProducesAndOurConsumerReads() async throws {
        let cluster = try TestKafka.cluster(topic: "from-kcat", partitions: 2)
        defer { withExtendedLifetime(cluster) {} }
        let input = "k1:你好，我的订单还没到\nk2:hello, where is my order?\n"
        let result = try await Self.kcat(["-b", cluster.bootstrapServers, "-P", "-t", "from-kcat", "-K", ":", "-H", "source=kcat"], input: input)
        #expect(result.status == 0, "kcat -P: \(result.errors)")

        let consumer = try TestKafka.consumer(cluster, group: "kcat-in", topics: ["from-kcat"])
        let received = try await TestKafka.withDeadline(60, "consume kcat records") {
            var iterator = consumer.events.makeAsyncIterator()
            return await iterator.messages(2)
        }
        await consumer.close()
        let byKey = Dictionary(uniqueKeysWithValues: received.map { ($0.keyString ?? "", $0) })
        #expect(byKey["k1"]?.valueString == "你好，我的订单还没到")
        #expect(byKey["k2"]?.valueString == "hello, where is my order?")
        #expect(byKey["k1"]?.header("source") == Array("kcat".utf8))
    }

    @Test(.enabled(if: kcatPath != nil, "kcat is not installed (apt-get install kcat)"))
    func weProduceAndKcatReads() async throws {
        let cluster = try TestKafka.cluster(topic: "to-kcat", partitions: 1)
        defer { withExtendedLifetime(cluster) {} }
        let producer = try TestKafka.producer(cluster)
        for index in 0..<3 {
            try await producer.send(topic: "to-kcat", key: "c\(index)", value: "消息 \(index)", headers: [KafkaHeader(name: "n", value: String(index))])
        }
        await producer.shutdown()

        let listing = try await Self.kcat(["-b", cluster.bootstrapServers, "-L", "-t", "to-kcat"], input: nil)
        #expect(listing.status == 0)
        #expect(listing.output.contains("topic \"to-kcat\" with 1 partitions"), "kcat -L: \(listing.output)")

        let result = try await Self.kcat(["-b", cluster.bootstrapServers, "-C", "-t", "to-kcat", "-o", "beginning", "-e", "-f", "%k|%s|%h\n"], input: nil)
        #expect(result.status == 0, "kcat -C: \(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines == ["c0|消息 0|n=0", "c1|消息 1|n=1", "c2|消息 2|n=2"])
    }

    struct Outcome: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs kcat to completion (with a deadline; SIGKILL if it hangs) without blocking the pool.
    static func kcat(_ arguments: [String], input: String?) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kcatPath!)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus) }
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            kill(pid, SIGKILL)
        }
        // Read both pipes on threads of their own (blocking reads).
        async let output = readAll(stdout.fileHandleForReading)
        async let errors = readAll(stderr.fileHandleForReading)
        var status: Int32 = -1
        for await code in exited.stream {
            status = code
            break
        }
        watchdog.cancel()
        return Outcome(status: status, output: await output, errors: await errors)
    }

    private static func readAll(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let data = handle.readDataToEndOfFile()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}
