import ArgumentParser
import CommandSupport
import Foundation
import Kafka

/// `aics send`: produce records by hand.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Produce records to a Kafka topic by hand.",
        discussion: """
        With a VALUE argument, produces one record. Without it, produces one record per line of \
        standard input. Prints where each record was stored (topic[partition]@offset).
        Examples:
          aics send --topic cs.inbound --key conv-1 '{"message_id":"m1", ...}'
          printf 'conv-1:hello\\nconv-2:你好\\n' | aics send --topic cs.inbound --key-separator :
        """
    )

    @OptionGroup var kafka: KafkaOptions

    @Option(name: .shortAndLong, help: "Topic to produce to.")
    var topic: String

    @Option(name: .shortAndLong, help: "Record key (e.g. the conversation id).")
    var key: String?

    @Option(name: .long, help: "With stdin input, split each line at the first SEPARATOR into key and value.")
    var keySeparator: String?

    @Option(name: [.customShort("H"), .long], help: "Header name=value (repeatable).")
    var header: [String] = []

    @Argument(help: "The record value. Omit to read one record per line from standard input.")
    var value: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap()
        let headers = try header.map { text in
            guard let equals = text.firstIndex(of: "=") else { throw ValidationError("header '\(text)' is not name=value") }
            return KafkaHeader(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
        }
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: kafka.bootstrapServers()))
        do {
            if let value {
                try await send(producer, key: key, value: value, headers: headers)
            } else {
                while let line = readLine() {
                    var recordKey = key
                    var recordValue = line
                    if let keySeparator, let range = line.range(of: keySeparator) {
                        recordKey = String(line[..<range.lowerBound])
                        recordValue = String(line[range.upperBound...])
                    }
                    try await send(producer, key: recordKey, value: recordValue, headers: headers)
                }
            }
        } catch {
            await producer.shutdown()
            throw error
        }
        await producer.shutdown()
    }

    private func send(_ producer: KafkaProducer, key: String?, value: String, headers: [KafkaHeader]) async throws {
        let delivery = try await producer.send(topic: topic, key: key, value: value, headers: headers)
        print("\(topic)[\(delivery.partition)]@\(delivery.offset)")
    }
}
