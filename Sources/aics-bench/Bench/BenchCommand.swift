import ArgumentParser

/// `aics bench ...`: benchmarks that print numbers. Build with `-c release` before trusting them.
/// `aics bench` alone runs `aics bench pipeline`, the whole pipeline with worker processes.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark on this machine and print its numbers (use a release build).",
        discussion: """
        `bench` alone runs `bench pipeline`; `bench pipeline --help` lists its flags (--smoke, \
        --quick, --scenarios, the sizes). Each other subcommand's --help explains its run.
        """,
        subcommands: [
            BenchPipelineCommand.self,
            BenchKafkaCommand.self,
            BenchHTTPCommand.self,
            BenchPostgresCommand.self,
            BenchProvidersCommand.self,
        ],
        defaultSubcommand: BenchPipelineCommand.self
    )
}
