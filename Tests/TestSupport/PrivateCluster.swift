import Foundation
import TestSupport

/// A throwaway Postgres cluster of the test's own, started with the same commands as
/// `deploy/local/test.sh`, so that tests can restart a server without disturbing other tests.
public struct PrivateCluster: Sendable {
    public let directory: String
    /// Shell command prefix for pg_ctl on this cluster.
    public let pgCtl: String
    public let url: String

    public static func start() async throws -> PrivateCluster {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let output = try await shell(
            "source '\(repository)/deploy/local/lib.sh' && start_postgres >/dev/null 2>&1 && printf '%s\\n%s\\n%s\\n' \"$AICS_PG_DIR\" \"$AICS_PG_CTL\" \"$AICS_PG_URL\"")
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 3 else { throw ShellFailure(command: "start_postgres", status: -1) }
        return PrivateCluster(directory: lines[0], pgCtl: lines[1], url: lines[2])
    }

    /// `pg_ctl restart -m fast`: clients are disconnected, the server comes back on the same socket.
    public func restart() async throws {
        _ = try await Self.shell("\(pgCtl) restart -m fast >/dev/null")
    }

    public func stop() async {
        _ = try? await Self.shell("\(pgCtl) -m immediate stop >/dev/null 2>&1; rm -rf '\(directory)'")
    }

    public struct ShellFailure: Error {
        public let command: String
        public let status: Int32
    }

    /// Runs a bash command without blocking the cooperative pool; returns its standard output.
    /// Not Foundation.Process: it notices a child's exit through a socket the child inherits, and
    /// the server started by the command would inherit it too and keep it open forever. Here the
    /// command closes every inherited descriptor first and `ChildRun` waits for the exit itself.
    @discardableResult
    public static func shell(_ command: String) async throws -> String {
        let script = """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            exec 2>/dev/null
            \(command)
            """
        let run = try await ChildRun.run(executable: "/bin/bash", arguments: ["-c", script], environment: ProcessInfo.processInfo.environment)
        guard run.status == 0 else { throw ShellFailure(command: command, status: run.status) }
        return run.standardOutput
    }
}
