import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process to completion with posix_spawn, its output captured in files.
///
/// Foundation's `Process.run()` crashed (a bad memcpy inside it) when several tests started
/// processes at once, so tests that run the `aics` binary spawn through this instead.
public struct ChildRun: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String

    /// Runs `executable` with exactly `environment`; `stdin` is fed from a file. The child is
    /// killed with SIGKILL if it outlives `deadline`; it gets `signal` (once) as soon as
    /// `killWhen` (asked about every 50 ms with the standard output so far) says so: a test that
    /// stops a process at a moment of its work waits for that moment, not for a time that a
    /// loaded machine may not keep.
    public static func run(
        executable: String, arguments: [String], environment: [String: String],
        stdin: String = "", deadline: Duration = .seconds(300), killWhen: (@Sendable (String) -> Bool)? = nil, signal: Int32 = SIGKILL
    ) async throws -> ChildRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aics-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inPath = folder.appendingPathComponent("in").path
        let outPath = folder.appendingPathComponent("out").path
        let errPath = folder.appendingPathComponent("err").path
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin.utf8))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The child starts with default signal handling and nothing blocked, whatever this thread has.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw ChildRunError(message: "posix_spawn \(executable): \(String(cString: strerror(result)))") }

        let started = ContinuousClock.now
        var status: Int32 = 0
        var asked = started
        var signalled = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if ContinuousClock.now - started > deadline { _ = kill(pid, SIGKILL) }
            if let killWhen, !signalled, ContinuousClock.now - asked >= .milliseconds(50) {
                asked = ContinuousClock.now
                let output = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), as: UTF8.self)
                if killWhen(output) {
                    _ = kill(pid, signal)
                    signalled = true
                }
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        // Exit code, or 128 + signal number like a shell.
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ChildRun(
            status: code,
            standardOutput: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), as: UTF8.self),
            standardError: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self)
        )
    }
}

public struct ChildRunError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
