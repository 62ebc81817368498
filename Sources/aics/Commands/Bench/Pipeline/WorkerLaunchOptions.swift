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

    /// Flags of `aics worker`: consumer group, window size, log level, and the extras.
    func arguments(group: String, maxInFlight: Int, serialPartitions: Bool) -> [String] {
        ["--group", group, "--max-in-flight", String(maxInFlight), "--log-level", logLevel]
            + (serialPartitions ? ["--serial-partitions"] : []) + extraArguments
    }

    /// Brokers, database and secret key go through the environment so that they never show in `ps`.
    func environment(brokers: String, database: BenchDatabase) -> [String: String] {
        ["AICS_KAFKA_BROKERS": brokers, "AICS_DATABASE_URL": database.url, "AICS_SECRET_KEY": database.secretKey]
    }
}
