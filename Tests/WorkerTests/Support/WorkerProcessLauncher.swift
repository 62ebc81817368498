import Foundation

/// The built `aics` executable next to the test bundle's build products.
enum AICSBinary {
    static var path: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidate = root.appendingPathComponent(".build/debug/aics").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }
}

/// Starts `aics worker` (or another long-running `aics` command) as a separate process against the
/// fixture's cluster and schema, with its log in a file kept for diagnosis (the log never holds
/// customer text or keys).
enum WorkerProcessLauncher {
    struct Launched {
        var process: Process
        var logPath: String
        /// Standard output (a server prints its address there).
        var outputPath: String

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
        var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    }

    /// `databaseURL`: another database than the fixture's (the fixture's schema is not added then).
    /// `arguments`: more flags of `aics worker`.
    static func launch(_ fixture: WorkerFixture, group: String, databaseURL: String? = nil, arguments: [String] = []) throws -> Launched {
        try launch(fixture, ["worker", "--group", group, "--shutdown-timeout", "5", "--database-pool-size", "6"] + arguments, databaseURL: databaseURL)
    }

    /// `aics arguments...` with the fixture's brokers, database (or `databaseURL`) and secret key;
    /// `overrides` replaces or adds variables (e.g. another AICS_SECRET_KEY).
    static func launch(
        _ fixture: WorkerFixture, _ arguments: [String], databaseURL: String? = nil, overrides: [String: String] = [:]
    ) throws -> Launched {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AICSBinary.path!)
        process.arguments = arguments
        process.environment = environment(fixture, databaseURL: databaseURL).merging(overrides) { $1 }
        let stem = NSTemporaryDirectory() + "aics-\(arguments[0])-\(fixture.schema)-\(UUID().uuidString.prefix(8))"
        let log = stem + ".log", output = stem + ".out"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: log)
        print("\(arguments[0]) process log: \(log)")
        try process.run()
        return Launched(process: process, logPath: log, outputPath: output)
    }

    /// What an `aics` child of a test sees: the fixture's brokers, database and secret key.
    static func environment(_ fixture: WorkerFixture, databaseURL: String? = nil) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AICS_KAFKA_BROKERS"] = fixture.cluster.bootstrapServers
        if let databaseURL {
            environment["AICS_DATABASE_URL"] = databaseURL
        } else {
            environment["AICS_DATABASE_URL"] = WorkerFixture.url(searchPath: fixture.schema)
        }
        environment["AICS_SECRET_KEY"] = "worker-tests-secret-key-0123456789abcdef"
        environment["AICS_LOG_LEVEL"] = environment["AICS_TEST_LOG"] ?? "info"
        return environment
    }
}

extension WorkerFixture {
    /// The test database's URL with `schema` as the search path of every connection.
    static func url(searchPath schema: String) -> String {
        let url = databaseURL!
        return url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }
}
