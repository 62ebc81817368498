import ArgumentParser
import Foundation

/// How the benchmark starts its `aics worker` processes.
struct WorkerLaunchOptions: ParsableArguments {
    @Option(name: .customLong("worker-arg"), parsing: .singleValue, help: ArgumentHelp(
        "An extra argument for every `aics worker` process (repeatable), e.g. --worker-arg=--log-level=debug.",
        valueName: "arg"))
    var extraArguments: [String] = []

    @Option(name: .customLong("worker-log-level"), help: "Log level of the worker processes (their logs go to files in --log-dir).")
    var logLevel: String = "warning"

    @Option(name: .customLong("worker-fetch-wait-ms"), help: "The workers' --fetch-wait-ms (Kafka fetch.wait.max.ms). The embedded mock cluster holds every fetch this long, so librdkafka's default of 500 ms would add up to half a second per message.")
    var fetchWaitMilliseconds = 10

    /// Flags of `aics worker`: consumer group, window size, fetch wait, log level, and the extras.
    func arguments(group: String, maxInFlight: Int, serialPartitions: Bool) -> [String] {
        ["--group", group, "--max-in-flight", String(maxInFlight), "--fetch-wait-ms", String(fetchWaitMilliseconds), "--log-level", logLevel]
            + (serialPartitions ? ["--serial-partitions"] : []) + extraArguments
    }

    /// Brokers, database and secret key go through the environment so that they never show in `ps`.
    func environment(brokers: String, database: BenchDatabase) -> [String: String] {
        ["AICS_KAFKA_BROKERS": brokers, "AICS_DATABASE_URL": database.url, "AICS_SECRET_KEY": database.secretKey]
    }
}
