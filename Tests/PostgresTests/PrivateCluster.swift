import Foundation

/// A throwaway Postgres cluster of the test's own, started with the same commands as
/// `deploy/local/test.sh`, so that tests can restart a server without disturbing other tests.
struct PrivateCluster: Sendable {
    let directory: String
    /// Shell command prefix for pg_ctl on this cluster.
    let pgCtl: String
    let url: String

    static func start() async throws -> PrivateCluster {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let output = try await shell(
            "source '\(repository)/deploy/local/lib.sh' && start_postgres >/dev/null 2>&1 && printf '%s\\n%s\\n%s\\n' \"$AICS_PG_DIR\" \"$AICS_PG_CTL\" \"$AICS_PG_URL\"")
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 3 else { throw ShellFailure(command: "start_postgres", status: -1) }
        return PrivateCluster(directory: lines[0], pgCtl: lines[1], url: lines[2])
    }

    /// `pg_ctl restart -m fast`: clients are disconnected, the server comes back on the same socket.
    func restart() async throws {
        _ = try await Self.shell("\(pgCtl) restart -m fast >/dev/null")
    }

    func stop() async {
        _ = try? await Self.shell("\(pgCtl) -m immediate stop >/dev/null 2>&1; rm -rf '\(directory)'")
    }

    struct ShellFailure: Error {
        let command: String
        let status: Int32
    }

    /// Runs a bash command without blocking the cooperative pool; returns its standard output.
    /// Not Foundation.Process: it notices a child's exit through a socket the child inherits, and
    /// the server started by the command would inherit it too and keep it open forever. Here the
    /// command closes every inherited descriptor first, its output goes through a file, and a
    /// thread of its own waits for it.
    @discardableResult
    static func shell(_ command: String) async throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("aics-shell-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let script = """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            exec </dev/null 2>/dev/null
            { \(command); } > '\(outputPath)'
            """
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try runBlocking(["/bin/bash", "-c", script]) })
            }
            thread.start()
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ShellFailure(command: command, status: status) }
        return output
    }

    /// posix_spawn + waitpid, with default signal handling and an empty signal mask in the child.
    private static func runBlocking(_ arguments: [String]) throws -> Int32 {
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
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], nil, &attributes, argv, environ)
        guard spawned == 0 else { throw ShellFailure(command: arguments.joined(separator: " "), status: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros: exited normally when the low 7 bits are zero.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
