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

/// Starts `aics worker` as a separate process against the fixture's cluster and schema, with its
/// log in a file kept for diagnosis (the log never holds customer text or keys).
enum WorkerProcessLauncher {
    struct Launched {
        var process: Process
        var logPath: String

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    }

    /// `databaseURL`: another database than the fixture's (the fixture's schema is not added then).
    /// `arguments`: more flags of `aics worker`.
    static func launch(_ fixture: WorkerFixture, group: String, databaseURL: String? = nil, arguments: [String] = []) throws -> Launched {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AICSBinary.path!)
        process.arguments = ["worker", "--group", group, "--shutdown-timeout", "5", "--database-pool-size", "6"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AICS_KAFKA_BROKERS"] = fixture.cluster.bootstrapServers
        if let databaseURL {
            environment["AICS_DATABASE_URL"] = databaseURL
        } else {
            let url = WorkerFixture.databaseURL!
            environment["AICS_DATABASE_URL"] = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(fixture.schema)"
        }
        environment["AICS_SECRET_KEY"] = "worker-tests-secret-key-0123456789abcdef"
        environment["AICS_LOG_LEVEL"] = environment["AICS_TEST_LOG"] ?? "info"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let log = NSTemporaryDirectory() + "aics-worker-\(fixture.schema)-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        print("worker process log: \(log)")
        try process.run()
        return Launched(process: process, logPath: log)
    }
}
