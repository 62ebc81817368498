import ArgumentParser

/// `aics-bench`: the benchmark and the chaos run, with the provider fakes they need. Kept out of
/// the production `aics` binary, which links no test doubles; `aics bench` and `aics chaos`
/// forward here. The workers it starts are the `aics` executable next to it.
@main
struct AICSBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aics-bench",
        abstract: "Benchmarks and the chaos run of aics, on this machine, with fake providers (not for production).",
        discussion: """
        Build both executables (`swift build --product aics` and `swift build --product aics-bench`, \
        with -c release for figures worth reading): the workers this tool starts are `aics worker` \
        processes of the aics next to it. `aics bench ...` and `aics chaos ...` run this tool.
        Configuration: AICS_DATABASE_URL (a Postgres the run may create a tenant in), AICS_LOG_LEVEL, \
        AICS_SECRET_KEY (optional). Run `aics-bench help <command>` for the flags of each command.
        """,
        subcommands: [
            BenchCommand.self,
            ChaosCommand.self,
        ]
    )
}
