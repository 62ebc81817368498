import ArgumentParser
import CommandSupport
import Foundation

/// One `aics worker` child process (the `aics` executable of this build), its output in a log file, measured
/// through /proc while it runs and stopped with SIGTERM (it shuts down gracefully); the chaos run
/// also kills it.
final class WorkerProcess: @unchecked Sendable {
    // Process is not Sendable; it is only touched from the task that owns the run.
    private let process: Process
    let name: String
    let logURL: URL
    var pid: Int32 { process.processIdentifier }

    /// Starts `executable worker arguments...` with `environment` added to this process's environment.
    init(name: String, executable: String, arguments: [String], environment: [String: String], logURL: URL) throws {
        self.name = name
        self.logURL = logURL
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["worker"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM and waits up to `timeout` for a graceful exit, then SIGKILL. Returns the exit status
    /// (nil when it had to be killed).
    func stop(timeout: Duration = .seconds(30)) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard process.isRunning else { return process.terminationStatus }
        kill(pid, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return nil
    }

    /// Sends `signal` without waiting (SIGKILL: a crash; SIGTERM: a graceful drain).
    func send(_ signal: Int32) {
        if process.isRunning { kill(pid, signal) }
    }

    /// Waits up to `timeout` for the process to end; true once it has.
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !process.isRunning
    }

    /// The last lines of the worker's log, for failure reports.
    /// Stops every worker; returns their exit statuses and a failure line (with the log's tail)
    /// for each that did not exit 0.
    static func stopAll(_ workers: [WorkerProcess]) async -> (statuses: [Int32?], failures: [String]) {
        var statuses: [Int32?] = []
        var failures: [String] = []
        for worker in workers {
            let status = await worker.stop()
            statuses.append(status)
            if status != 0 {
                failures.append("\(worker.name) (pid \(worker.pid)) exited with \(status.map(String.init) ?? "SIGKILL after the shutdown timeout"); log \(worker.logURL.path):\n\(worker.logTail())")
            }
        }
        return (statuses, failures)
    }

    func logTail(lines: Int = 15) -> String {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// The `aics` executable of this build (next to `aics-bench`): the workers are the real
    /// production binary, which links no fakes.
    static func aicsExecutable() throws -> String {
        guard let path = SiblingExecutable.path("aics") else {
            throw ValidationError("the workers are `aics worker` processes, but there is no aics executable next to \(SiblingExecutable.current): build it too (`swift build --product aics`)")
        }
        return path
    }
}
