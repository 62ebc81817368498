import Foundation
import TestSupport

/// A child process run to completion (posix_spawn, see `ChildRun`).
struct DemoProcess {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Runs `binary`; `environment` is added to this process's environment, or replaces it.
    /// AICS_LOG_LEVEL is removed so that the command's default log level applies. The child is
    /// killed when it outlives `deadline`.
    static func run(
        binary: URL, arguments: [String], environment: [String: String], replacing: Bool = false, deadline: Duration
    ) async throws -> DemoProcess {
        var base = replacing ? [:] : ProcessInfo.processInfo.environment
        base["AICS_LOG_LEVEL"] = nil
        let run = try await ChildRun.run(
            executable: binary.path, arguments: arguments, environment: base.merging(environment) { $1 }, deadline: deadline)
        return DemoProcess(status: run.status, standardOutput: run.standardOutput, standardError: run.standardError)
    }
}
