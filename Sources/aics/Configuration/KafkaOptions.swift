import ArgumentParser
import CommandSupport

/// `--kafka-brokers`, shared by every command that talks to Kafka.
struct KafkaOptions: ParsableArguments {
    @Option(name: .long, help: "Kafka bootstrap servers, host:port[,host:port...]. Env: AICS_KAFKA_BROKERS.")
    var kafkaBrokers: String?

    /// The flag, else the environment variable; fails with a readable message when neither is set.
    func bootstrapServers() throws -> String {
        guard let servers = kafkaBrokers ?? Environment.value("AICS_KAFKA_BROKERS") else {
            throw ValidationError("no Kafka brokers: pass --kafka-brokers host:port or set AICS_KAFKA_BROKERS (`aics broker` starts a local one)")
        }
        return servers
    }
}
