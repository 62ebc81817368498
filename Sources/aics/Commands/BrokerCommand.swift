import ArgumentParser
import CommandSupport
import Foundation
import Kafka

/// `aics broker`: an embedded Kafka (librdkafka's mock cluster) for this machine.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka cluster on 127.0.0.1 until SIGINT/SIGTERM.",
        discussion: """
        Starts librdkafka's mock cluster, creates the default topics (\(DefaultTopics.all.joined(separator: ", "))) \
        and prints the bootstrap address. Any Kafka client on this machine can use it, e.g.
          kcat -b ADDRESS -L
          AICS_KAFKA_BROKERS=ADDRESS aics tail --topic cs.inbound
        Data lives in memory only and is gone when the command stops. Long logs are trimmed \
        (keep well under 100k messages per partition).
        """
    )

    @Option(name: .long, help: "Number of brokers.")
    var brokers: Int = 1

    @Option(name: .long, help: "Partitions of each default topic.")
    var partitions: Int = 6

    @Option(name: .long, help: "Extra topics to create (repeatable), with the same partition count.")
    var topic: [String] = []

    @Option(name: .long, help: "Write the bootstrap address to this file (removed on exit).")
    var addressFile: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
    }

    func run() async throws {
        try logging.bootstrap()
        let cluster = try EmbeddedKafkaCluster(brokers: brokers)
        let topics = DefaultTopics.all + topic
        for name in topics { try cluster.createTopic(name, partitions: partitions) }
        if let addressFile {
            try (cluster.bootstrapServers + "\n").write(toFile: addressFile, atomically: true, encoding: .utf8)
        }
        print("Embedded Kafka: \(brokers) broker(s) at \(cluster.bootstrapServers)")
        print("Topics (\(partitions) partitions each): \(topics.joined(separator: ", "))")
        print("Try: kcat -b \(cluster.bootstrapServers) -L")
        print("Stop with Ctrl-C.")
        fflush(nil)
        let signal = await ShutdownSignal.wait()
        if let addressFile { try? FileManager.default.removeItem(atPath: addressFile) }
        print("Stopping (signal \(signal)).")
        await cluster.shutdown()
    }
}
