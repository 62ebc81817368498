import Dispatch
import Foundation

/// A child process run to completion with its output collected off the cooperative pool.
struct DemoProcess {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Runs `binary`; `environment` is added to this process's environment, or replaces it.
    /// The child is killed when it outlives `deadline`.
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
        try process.run()
        let seconds = Double(deadline.components.seconds)
        let killer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: killer)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let group = DispatchGroup()
                nonisolated(unsafe) var outData = Data(), errData = Data()
                group.enter()
                DispatchQueue.global().async {
                    errData = err.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                outData = out.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                killer.cancel()
                continuation.resume(returning: DemoProcess(
                    status: process.terminationStatus,
                    standardOutput: String(decoding: outData, as: UTF8.self),
                    standardError: String(decoding: errData, as: UTF8.self)))
            }
        }
    }
}
