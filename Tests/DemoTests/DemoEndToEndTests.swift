import Foundation
import Testing

/// Runs the built `aics demo` against the test database, as a newcomer would run it through
/// deploy/local/demo.sh, and checks that the whole pipeline showed up in its output.
@Suite struct DemoEndToEndTests {
    static var databaseURL: String? {
        guard let value = ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    /// `<repo>/.build/debug/aics`, built by deploy/local/test.sh before the tests.
    static var binary: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/aics")
    }

    static var canRun: Bool {
        databaseURL != nil && FileManager.default.isExecutableFile(atPath: binary.path)
    }

    @Test(.enabled(if: canRun, "needs AICS_TEST_DATABASE_URL and .build/debug/aics (run deploy/local/test.sh)"))
    func demoShowsSuggestionsRepliesHandoffsAndSkips() async throws {
        let run = try await DemoProcess.run(binary: Self.binary, arguments: ["demo", "--timeout", "120"], environment: [
            "AICS_DATABASE_URL": Self.databaseURL!,
        ], deadline: .seconds(300))
        let output = run.standardOutput
        #expect(run.status == 0, "exit status \(run.status); stderr:\n\(run.standardError)\nstdout:\n\(output)")
        #expect(output.contains("💡 suggestion for the agent: "), "\(output)")
        #expect(output.contains("   sources: "), "\(output)")
        #expect(output.contains("🤖 reply to "), "\(output)")
        #expect(output.contains("🙋 handoff to a human agent: the customer asked for a person"), "\(output)")
        #expect(output.contains("🔕 skipped, nothing sent: mode_off"), "\(output)")
        #expect(output.contains("⏰ no agent answer within 5.0 seconds: the suggestion goes to the customer"), "\(output)")
        #expect(output.contains("⏰ nothing sent by aics: the agent answered in time"), "\(output)")
        #expect(output.contains("dead letters: 0"), "\(output)")
        // Two broken records, each dead-lettered with its reason.
        #expect(output.contains("dead letter, not_json: "), "\(output)")
        #expect(output.contains("dead letter, schema: "), "\(output)")
        #expect(output.contains("broken records: 2 sent, 2 on cs.dead-letter"), "\(output)")
        #expect(output.contains("FROM reply_history"), "\(output)")
        // The analyst's table has a row for assist suggestions.
        #expect(output.split(separator: "\n").contains { $0.hasPrefix("   assist") && $0.contains("suggestion") }, "\(output)")
        // Default log level: no log lines among the output.
        #expect(!run.standardError.contains(" info "), "\(run.standardError)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path), "needs .build/debug/aics"))
    func demoWithoutDatabaseSaysHowToGetOne() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["AICS_DATABASE_URL"] = nil
        let run = try await DemoProcess.run(binary: Self.binary, arguments: ["demo"], environment: environment, replacing: true, deadline: .seconds(60))
        #expect(run.status != 0)
        #expect(run.standardError.contains("run deploy/local/demo.sh, or set AICS_DATABASE_URL"), "\(run.standardError)")
    }
}
