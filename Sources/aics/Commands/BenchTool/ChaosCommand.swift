import ArgumentParser

/// `aics chaos ...`: forwarded to `aics-bench chaos ...` (BenchTool).
struct ChaosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Run the pipeline under faults and check every message (runs aics-bench).",
        discussion: BenchTool.discussion("chaos") + """

        --reduced is the CI profile (a few thousand messages, about a minute).
        """
    )

    @Argument(parsing: .captureForPassthrough, help: "Arguments of `aics-bench chaos`, e.g. --reduced.")
    var arguments: [String] = []

    func run() throws {
        try BenchTool.exec("chaos", arguments)
    }
}
