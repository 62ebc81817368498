import ArgumentParser
import CommandSupport
import Foundation
import Kafka

/// `aics tail`: watch a topic.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the records of Kafka topics as they arrive.",
        discussion: """
        Prints each record as a line `topic[partition]@offset key=... headers={...}` followed by its \
        value. Reads from the end unless --from-beginning. Joins a throwaway consumer group of its own \
        (commits nothing) unless --group is given; the first join takes a few seconds.
        """
    )

    @OptionGroup var kafka: KafkaOptions

    @Option(name: .shortAndLong, help: "Topic to watch (repeatable).")
    var topic: [String]

    @Flag(name: .long, help: "Start at the oldest retained record instead of the end.")
    var fromBeginning = false

    @Option(name: .long, help: "Exit after this many records.")
    var max: Int?

    @Option(name: .long, help: "Consumer group to join (default: a new one per run).")
    var group: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard !topic.isEmpty else { throw ValidationError("give at least one --topic") }
        if let max, max < 1 { throw ValidationError("--max must be at least 1") }
    }

    func run() async throws {
        try logging.bootstrap()
        var configuration = KafkaConsumerConfiguration(bootstrapServers: try kafka.bootstrapServers(), groupID: group ?? "aics-tail-\(UUID().uuidString)")
        configuration.startPosition = fromBeginning ? .earliest : .latest
        let consumer = try KafkaConsumer(configuration: configuration, topics: topic)
        let limit = max
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var printed = 0
                for await event in consumer.events {
                    guard case .message(let message) = event else { continue }
                    print(RecordFormatting.headerLine(message))
                    print(RecordFormatting.value(message))
                    fflush(nil)
                    printed += 1
                    if let limit, printed >= limit { break }
                }
            }
            group.addTask { _ = await ShutdownSignal.wait() }
            await group.next()
            group.cancelAll()
            await consumer.close()
        }
    }
}
