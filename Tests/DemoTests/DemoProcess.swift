import Dispatch
import Foundation

/// A child process run to completion, its output collected off the cooperative pool.
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
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var base = replacing ? [:] : ProcessInfo.processInfo.environment
        base["AICS_LOG_LEVEL"] = nil
        process.environment = base.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let (exits, exited) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.yield($0.terminationStatus) }
        try process.run()
        let pid = process.processIdentifier
        let killer = Task {
            try await Task.sleep(for: deadline)
            kill(pid, SIGKILL)
        }
        async let standardOutput = readToEnd(out.fileHandleForReading)
        async let standardError = readToEnd(err.fileHandleForReading)
        var status: Int32 = -1
        for await value in exits {
            status = value
            break
        }
        killer.cancel()
        return DemoProcess(
            status: status,
            standardOutput: String(decoding: await standardOutput, as: UTF8.self),
            standardError: String(decoding: await standardError, as: UTF8.self))
    }

    /// Reads until end of file on a Dispatch thread (the read blocks).
    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }
}
