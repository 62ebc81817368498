import Fakes
import Foundation
import HTTP
import JSON
import Testing
import TestSupport

/// A new operator's first hour, through the `aics` binary and the admin API's HTTP only: an empty
/// schema, `aics migrate`, `aics token create`, `aics admin`, a Dify bot created with the keys the
/// admin UI was given, a binding, a preview, `aics worker`, a customer message, the suggestion on
/// cs.suggestions.
@Suite("The new operator's flow: empty Postgres to a live assist bot",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct OperatorFlowTests {
    @Test func emptyPostgresToASuggestionThroughTheCommandLineAndTheAdminAPI() async throws {
        let dify = try await DifyFake.start()
        defer { Task { await dify.stop() } }
        try await WorkerFixture.with(partitions: 2) { fixture in
            // An empty Postgres: a schema of its own with nothing in it.
            let schema = "op_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            try await fixture.pool.execute("CREATE SCHEMA \(schema)")
            defer { Task { [pool = fixture.pool] in _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE") } }
            let url = WorkerFixture.url(searchPath: schema)
            let environment = WorkerProcessLauncher.environment(fixture, databaseURL: url)
            func aics(_ arguments: [String]) async throws -> ChildRun {
                let run = try await ChildRun.run(executable: AICSBinary.path!, arguments: arguments, environment: environment)
                #expect(run.status == 0, "aics \(arguments.joined(separator: " ")): \(run.standardOutput)\(run.standardError)")
                return run
            }

            _ = try await aics(["migrate"])
            let tenant = "acme-\(UUID().uuidString.prefix(6).lowercased())"
            let created = try await aics(["token", "create", "--tenant", tenant, "--name", "admin-ui"])
            let token = try #require(created.standardOutput.split(separator: "\n").first.map(String.init))
            #expect(token.hasPrefix("aics_") && token.count == 48, "\(created.standardOutput)")
            let listed = try await aics(["token", "list", "--tenant", tenant])
            #expect(listed.standardOutput.contains("admin-ui") && !listed.standardOutput.contains(token))

            let admin = try WorkerProcessLauncher.launch(fixture, ["admin", "--listen", "127.0.0.1:0"], databaseURL: url)
            defer { if admin.process.isRunning { admin.process.terminate() } }
            let base = try await Self.listeningAddress(admin)
            func call(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil) async throws -> (Int, JSONValue?) {
                var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                if body != nil { headers.set("Content-Type", "application/json") }
                let response = try await WorkerFixture.httpClient.execute(HTTPRequest(
                    method: method, url: base + path, headers: headers, body: body.map(JSONWriter.bytes), timeout: .seconds(30)))
                return (response.status, try? JSONParser.parse(response.body))
            }

            // The admin UI creates the bot with the Dify keys (checked against Dify), binds it, previews it.
            let (createdStatus, bot) = try await call(.post, "/v1/bots", .object([
                "name": .string("support"), "provider": .string("dify"), "base_url": .string(dify.baseURL),
                "api_key": .string(dify.appKey), "response_mode": .string("blocking"),
            ]))
            #expect(createdStatus == 201, "\(String(describing: bot))")
            let botID = try #require(bot?["id"]?.stringValue)
            let (bindStatus, binding) = try await call(.put, "/v1/bindings/wecom-1", .object(["bot": .string("support"), "mode": .string("assist")]))
            #expect(bindStatus == 200, "\(String(describing: binding))")
            let (previewStatus, preview) = try await call(.post, "/v1/bots/\(botID)/preview", .object(["question": .string("How long does shipping take?")]))
            #expect(previewStatus == 200, "\(String(describing: preview))")
            let previewText = try #require(preview?["text"]?.stringValue)
            #expect(!previewText.isEmpty)

            // A worker on the same database; a customer writes; the agent gets a suggestion.
            let worker = try WorkerProcessLauncher.launch(fixture, ["worker", "--group", "operator-flow", "--shutdown-timeout", "5"], databaseURL: url)
            defer { if worker.process.isRunning { worker.process.terminate() } }
            try await fixture.send(id: "m-1", tenant: tenant, account: "wecom-1", conversation: "conv-1", text: "How long does shipping take?")
            let records = try await fixture.read(1, from: ["cs.suggestions"], seconds: 90)
            let suggestion = try OutputRecord(try #require(records.first))
            #expect(suggestion.json["tenant_id"]?.stringValue == tenant)
            #expect(suggestion.json["bot_id"]?.stringValue == botID)
            #expect(suggestion.inReplyTo == "m-1")
            #expect(suggestion.text == previewText, "the preview and the live suggestion differ")

            // The key never left aics: not in the admin's or the worker's log, nor on the topic.
            worker.process.terminate()
            admin.process.terminate()
            worker.process.waitUntilExit()
            admin.process.waitUntilExit()
            for text in [admin.log, admin.output, worker.log, String(decoding: records[0].value, as: UTF8.self)] {
                #expect(!text.contains(dify.appKey) && !text.contains(token))
            }
        }
    }

    /// The `http://host:port` that `aics admin` printed once it listened.
    static func listeningAddress(_ admin: WorkerProcessLauncher.Launched) async throws -> String {
        for _ in 0..<300 {
            if let line = admin.output.split(separator: "\n").first(where: { $0.hasPrefix("admin API listening on ") }) {
                return String(line.dropFirst("admin API listening on ".count))
            }
            guard admin.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("aics admin did not start: \(admin.log)")
        throw CancellationError()
    }
}
