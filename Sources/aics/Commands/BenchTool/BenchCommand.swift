import ArgumentParser

/// `aics bench ...`: forwarded to `aics-bench bench ...` (BenchTool).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark on this machine and print its numbers (runs aics-bench; use a release build).",
        discussion: BenchTool.discussion("bench") + """

        Subcommands: pipeline (the default: the whole pipeline with worker processes; --smoke, \
        --quick, --scenarios), kafka, http, postgres, providers.
        """
    )

    @Argument(parsing: .captureForPassthrough, help: "Arguments of `aics-bench bench`, e.g. --quick or kafka.")
    var arguments: [String] = []

    func run() throws {
        try BenchTool.exec("bench", arguments)
    }
}
