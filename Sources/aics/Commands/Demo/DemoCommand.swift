import ArgumentParser
import Foundation
import Kafka

/// `aics demo`: the product on this machine with embedded defaults.
///
/// Stage 1 (the Kafka layer): an embedded cluster, sample customer messages on `cs.inbound`,
/// and a consumer group that prints them as they arrive. Later stages add the pipeline.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run aics on this machine with embedded defaults and sample conversations.",
        discussion: """
        Starts an embedded Kafka, produces sample customer messages (Chinese and English) to \
        cs.inbound, and prints them as a consumer group receives them. Needs nothing else running.
        """
    )

    @Option(name: .long, help: "Partitions of each topic.")
    var partitions: Int = 3

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap()
        let cluster = try EmbeddedKafkaCluster()
        for topic in DefaultTopics.all { try cluster.createTopic(topic, partitions: partitions) }
        print("Embedded Kafka at \(cluster.bootstrapServers); topics: \(DefaultTopics.all.joined(separator: ", "))")

        let samples = DemoSamples.messages()
        let printer = DemoPrinter()
        try await DemoInbound.produce(samples, to: cluster.bootstrapServers, printer: printer)
        try await DemoInbound.receive(count: samples.count, from: cluster.bootstrapServers, printer: printer)
        await cluster.shutdown()
        print("\nDemo done: \(samples.count) customer messages went through Kafka.")
    }
}
