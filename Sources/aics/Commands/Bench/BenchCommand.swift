import ArgumentParser

/// `aics bench`: benchmarks that print numbers (only release builds give meaningful ones).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print its numbers (build with -c release).",
        subcommands: [BenchPostgresCommand.self]
    )
}
