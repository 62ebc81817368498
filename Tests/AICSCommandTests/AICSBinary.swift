import Foundation

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
    static func run(_ arguments: [String], environment: [String: String?] = [:], stdin: String? = nil) async throws -> Result {
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AICS_") }
        variables["AICS_DATABASE_URL"] = databaseURL
        variables["AICS_SECRET_KEY"] = secretKey
        for (name, value) in environment { variables[name] = value }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aics-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out")
        let errURL = folder.appendingPathComponent("err")
        let inURL = folder.appendingPathComponent("in")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = variables
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let input = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        try err.close()
        try input.close()
        return Result(
            status: status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }

    /// `aics migrate` once per test process (it is idempotent and safe to run concurrently).
    static func migrate() async throws {
        let result = try await run(["migrate"])
        guard result.status == 0 else { throw MigrationFailed(output: result.all) }
    }

    struct MigrationFailed: Error { var output: String }
}
