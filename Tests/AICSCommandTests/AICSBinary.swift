import Foundation
import TestSupport

/// Runs the built `aics` executable as an operator would, with a controlled environment.
enum AICSBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var all: String { stdout + stderr }
    }

    static var databaseURL: String? {
        guard let value = ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    static var isAvailable: Bool { databaseURL != nil && executable != nil }

    /// Next to the test bundle (same build folder), else `<repo>/.build/debug/aics`.
    static let executable: URL? = {
        var candidates: [URL] = []
        if let test = Bundle.main.executableURL {
            candidates.append(test.deletingLastPathComponent().appendingPathComponent("aics"))
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repository.appendingPathComponent(".build/debug/aics"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static let secretKey = "aics-command-tests-key-0123456789abcdef"

    static func uniqueTenant() -> String { "cli-\(UUID().uuidString.prefix(8).lowercased())" }

    /// Runs `aics arguments...` with the test database and secret key unless `environment`
    /// overrides them (a nil value removes a variable). Waits without blocking a thread.
    /// `binary` replaces the built executable (e.g. a copy of it in another folder).
    /// A run that outlives `deadline` is killed with SIGKILL (status 137).
    static func run(
        _ arguments: [String], environment: [String: String?] = [:], stdin: String? = nil, binary: URL? = nil,
        deadline: Duration = .seconds(300), killWhen: (@Sendable (String) -> Bool)? = nil, signal: Int32 = SIGKILL
    ) async throws -> Result {
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AICS_") }
        variables["AICS_DATABASE_URL"] = databaseURL
        variables["AICS_SECRET_KEY"] = secretKey
        for (name, value) in environment { variables[name] = value }

        guard let executable = binary ?? executable else { throw ChildRunError(message: "aics is not built: run swift build first") }
        let run = try await ChildRun.run(
            executable: executable.path, arguments: arguments, environment: variables, stdin: stdin ?? "", deadline: deadline,
            killWhen: killWhen, signal: signal)
        return Result(status: run.status, stdout: run.standardOutput, stderr: run.standardError)
    }

    /// `aics migrate` once per test process (it is idempotent and safe to run concurrently).
    static func migrate() async throws {
        let result = try await run(["migrate"])
        guard result.status == 0 else { throw MigrationFailed(output: result.all) }
    }

    struct MigrationFailed: Error { var output: String }
}
