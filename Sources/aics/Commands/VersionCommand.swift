import ArgumentParser
import HTTP
import Kafka
import Postgres

enum AICSVersion {
    static let description = "aics 0.1.0"
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the aics version and the versions of the C libraries it links."
    )

    func run() {
        print(AICSVersion.description)
        print("librdkafka \(KafkaLibrary.version)")
        print(CurlLibrary.version)
        print("libpq \(PostgresLibrary.version)")
    }
}
