import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child started with posix_spawn and a fixed environment. Foundation's `Process` crashed here
/// when tests spawned processes concurrently (exit tests), so the TLS peer avoids it.
final class ChildProcess: Sendable {
    let pid: pid_t

    init(_ arguments: [String], standardOutput: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else { throw RawSocketError.failed("posix_spawn \(arguments[0]): \(result)") }
        self.pid = pid
    }

    /// Waits (polling, off the blocking path) until the child exits; its exit status.
    func exitStatus() async -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return (status >> 8) & 0xFF
    }

    /// SIGKILL, then reap so that no zombie stays behind.
    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }
}
