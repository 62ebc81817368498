import ArgumentParser

/// `aics bench ...`: micro benchmarks of the I/O layers against local peers. Build with
/// `-c release` before trusting the numbers.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the I/O layers against local servers (use a release build).",
        subcommands: [
            BenchHTTPCommand.self,
        ]
    )
}
