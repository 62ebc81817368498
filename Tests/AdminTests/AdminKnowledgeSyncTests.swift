import Admin
import Catalog
import Fakes
import Foundation
import JSON
import Pipeline
import Postgres
import Testing

/// `POST|GET /v1/bots/{bot_id}/knowledge/sync` against the Dify fake, with workers' sync services
/// taking the requests from Postgres.
@Suite(.enabled(if: AdminFixture.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct AdminKnowledgeSyncTests {
    /// Runs `body` while `count` workers' knowledge sync services poll the fixture's database.
    func withSyncServices(_ admin: AdminFixture, count: Int = 1, _ body: () async throws -> Void) async throws {
        let catalog = StoreWorkerCatalog(
            bots: BotStore(pool: admin.pool, secretBox: AdminFixture.secretBox), bindings: BindingStore(pool: admin.pool))
        let services = (0..<count).map { _ in
            KnowledgeSyncService(
                pool: admin.pool, catalog: catalog, httpClient: AdminFixture.httpClient, logger: AdminFixture.logger,
                pollInterval: .milliseconds(100))
        }
        let tasks = services.map { service in Task { try await service.run() } }
        defer { for task in tasks { task.cancel() } }
        try await body()
        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await task.value }
    }

    /// Polls the status until the newest request has ended; returns it.
    func finishedRequest(_ admin: AdminFixture, bot: String, token: String, after id: Int = 0) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let status = try await admin.request(.get, "/v1/bots/\(bot)/knowledge/sync", token: token)
            #expect(status.status == 200, "\(status.text)")
            if let newest = status.json?["requests"]?.arrayValue?.first, Int(newest["id"]?.numberValue ?? 0) > id,
               ["succeeded", "failed"].contains(newest["status"]?.stringValue ?? "") {
                return newest
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Timeout()
    }

    struct Timeout: Error {}

    func difyBot(_ admin: AdminFixture, token: String, dify: DifyFake) async throws -> String {
        let created = try await admin.request(.post, "/v1/bots", token: token, json: object([
            "name": .string("support"), "provider": .string("dify"), "base_url": .string(dify.baseURL), "response_mode": .string("blocking"),
            "api_key": .string(dify.appKey), "knowledge_key": .string(dify.datasetKey), "dataset_ids": .array([.string(dify.datasetID)]),
        ]))
        #expect(created.status == 201, "\(created.text)")
        return try #require(created.json?["id"]?.stringValue)
    }

    static func files(_ files: [(String, String)]) -> JSONValue {
        .array(files.map { object(["path": .string($0.0), "content": .string($0.1)]) })
    }

    @Test("an upload is planned, queued, synced once by a worker, and the bot's next answer and sources change; a schedule runs once across two workers")
    func uploadSyncsTheDatasetAndChangesTheAnswer() async throws {
        let dify = try await DifyFake.start()
        defer { Task { await dify.stop() } }
        try await AdminFixture.with { admin in
            let token = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let bot = try await difyBot(admin, token: token, dify: dify)
            let question = object(["question": .string("What is the warranty on a blender?")])
            let first = Self.files([
                ("warranty.md", "## What is the warranty on a blender?\nTwo years from delivery, parts and labour.\n"),
                ("shipping.csv", "question,answer\nHow long does shipping take?,We ship within 24 hours on weekdays.\n"),
            ])

            let planned = try await admin.request(.post, "/v1/bots/\(bot)/knowledge/sync", token: token, json: object([
                "files": first, "dry_run": .bool(true)]))
            #expect(planned.status == 200, "\(planned.text)")
            #expect(planned.json?["plan"]?["add"] == .array([.string("shipping.csv"), .string("warranty.md")]))
            #expect(dify.datasetDocuments.isEmpty, "a dry run changes nothing")

            try await withSyncServices(admin) {
                let queued = try await admin.request(.post, "/v1/bots/\(bot)/knowledge/sync", token: token, json: object(["files": first]))
                #expect(queued.status == 202, "\(queued.text)")
                #expect(queued.json?["status"]?.stringValue == "queued" && queued.headers["Location"] != nil)
                let done = try await finishedRequest(admin, bot: bot, token: token)
                #expect(done["status"]?.stringValue == "succeeded", "\(done)")
                #expect(done["report"]?["added"]?.numberValue == 2)
                #expect(Set(dify.datasetDocuments.map(\.name)) == ["warranty.md", "shipping.csv"])
                let answer = try await admin.request(.post, "/v1/bots/\(bot)/preview", token: token, json: question)
                #expect(answer.json?["text"]?.stringValue?.contains("Two years") == true, "\(answer.text)")
                #expect(answer.json?["sources"]?.arrayValue?.first?["title"]?.stringValue == "warranty.md", "\(answer.text)")

                // Changed and removed: the provider follows; the status shows the run.
                let second = Self.files([("warranty.md", "## What is the warranty on a blender?\nThree years, parts and labour.\n")])
                let changed = try await admin.request(.post, "/v1/bots/\(bot)/knowledge/sync", token: token, json: object([
                    "files": second, "every_ms": .number(60_000)]))
                #expect(changed.status == 202, "\(changed.text)")
                let again = try await finishedRequest(admin, bot: bot, token: token, after: Int(done["id"]?.numberValue ?? 0))
                #expect(again["status"]?.stringValue == "succeeded", "\(again)")
                #expect(again["report"]?["updated"]?.numberValue == 1 && again["report"]?["removed"]?.numberValue == 1, "\(again)")
                #expect(dify.datasetDocuments.map(\.name) == ["warranty.md"])
                let newer = try await admin.request(.post, "/v1/bots/\(bot)/preview", token: token, json: question)
                #expect(newer.json?["text"]?.stringValue?.contains("Three years") == true, "\(newer.text)")
                let status = try await admin.request(.get, "/v1/bots/\(bot)/knowledge/sync", token: token)
                #expect(status.json?["sources"]?.arrayValue?.first?["every_ms"]?.numberValue == 60_000, "\(status.text)")
                #expect(status.json?["last_run"]?["status"]?.stringValue == "succeeded", "\(status.text)")
            }

            // The schedule falls due with two workers polling: one sync runs, and an unchanged
            // source writes nothing.
            let writes = dify.requestCount(.createDocument) + dify.requestCount(.updateDocument)
            let runsBefore = try await admin.pool.query("SELECT count(*) FROM knowledge_sync_runs").first?.decode(0, as: Int.self) ?? 0
            try await admin.pool.execute("UPDATE knowledge_sync_sources SET next_due_at = now()")
            try await withSyncServices(admin, count: 2) {
                let scheduled = try await finishedRequest(admin, bot: bot, token: token, after: 0)
                #expect(scheduled["reason"]?.stringValue == "schedule" && scheduled["status"]?.stringValue == "succeeded", "\(scheduled)")
                #expect(scheduled["report"]?["unchanged"]?.numberValue == 1)
                try await Task.sleep(for: .milliseconds(500))
            }
            let runsAfter = try await admin.pool.query("SELECT count(*) FROM knowledge_sync_runs").first?.decode(0, as: Int.self) ?? 0
            #expect(runsAfter == runsBefore + 1)
            let scheduledRequests = try await admin.pool.query("SELECT count(*) FROM knowledge_sync_requests WHERE reason = 'schedule'")
            #expect(try scheduledRequests.first?.decode(0, as: Int.self) == 1)
            #expect(dify.requestCount(.createDocument) + dify.requestCount(.updateDocument) == writes)
        }
    }

    @Test("bad uploads answer 400 naming the field and store nothing; another tenant's bot answers 404; a provider failure ends the request as failed with its reason")
    func badUploadsAndFailures() async throws {
        let dify = try await DifyFake.start()
        defer { Task { await dify.stop() } }
        try await AdminFixture.with { admin in
            let token = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let bot = try await difyBot(admin, token: token, dify: dify)
            let local = try #require(try await admin.request(.post, "/v1/bots", token: token, json: object([
                "name": .string("faq"), "provider": .string("local")])).json?["id"]?.stringValue)
            let good = ("faq.md", "## Hi?\nHello.\n")
            let cases: [(String, JSONValue, String)] = [
                (bot, object([:]), "files"),
                (bot, object(["files": .array([])]), "files"),
                (bot, object(["files": .string("faq.md")]), "files"),
                (bot, object(["files": Self.files([("../faq.md", "## Hi?\nHello.\n")])]), "files[0]"),
                (bot, object(["files": Self.files([good, ("faq.pdf", "x")])]), "files[1]"),
                (bot, object(["files": Self.files([("faq.csv", "question,answer\n\"unterminated,x\n")])]), "files[0]"),
                (bot, object(["files": Self.files([good, good])]), "files[1].path"),
                (bot, object(["files": .array([object(["path": .string("a.md")])])]), "files[0]"),
                (bot, object(["files": Self.files([good]), "every_ms": .number(1000)]), "every_ms"),
                (bot, object(["files": Self.files([good]), "vector_store_id": .string("vs_1")]), "vector_store_id"),
                (bot, object(["files": Self.files([good]), "dataset_id": .string("ds-other")]), "dataset_id"),
                (local, object(["files": Self.files([good]), "dataset_id": .string("x")]), "dataset_id"),
                (bot, object(["files": Self.files([good]), "source": .string("x")]), "source"),
            ]
            for (id, body, field) in cases {
                let reply = try await admin.request(.post, "/v1/bots/\(id)/knowledge/sync", token: token, json: body)
                #expect(reply.status == 400, "\(JSONWriter.string(body)): \(reply.status) \(reply.text)")
                #expect(reply.errorField == field, "\(JSONWriter.string(body)): \(reply.text)")
            }
            #expect(try await admin.pool.query("SELECT 1 FROM knowledge_sync_sources").isEmpty)
            #expect(try await admin.pool.query("SELECT 1 FROM knowledge_sync_requests").isEmpty)

            let stranger = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let foreign = try await admin.request(.post, "/v1/bots/\(bot)/knowledge/sync", token: stranger, json: object(["files": Self.files([good])]))
            #expect(foreign.status == 404)
            #expect(try await admin.request(.get, "/v1/bots/\(bot)/knowledge/sync", token: stranger).status == 404)

            // The dataset refuses every write (quota): the request fails, saying why, and the key never shows.
            dify.inject(.providerQuotaExceeded, times: 100, on: .createDocument)
            try await withSyncServices(admin) {
                let queued = try await admin.request(.post, "/v1/bots/\(bot)/knowledge/sync", token: token, json: object(["files": Self.files([good])]))
                #expect(queued.status == 202, "\(queued.text)")
                let failed = try await finishedRequest(admin, bot: bot, token: token)
                #expect(failed["status"]?.stringValue == "failed", "\(failed)")
                let failure = failed["report"]?["failures"]?.arrayValue?.first
                #expect(failure?["path"]?.stringValue == "faq.md")
                #expect(failure?["reason"]?.stringValue?.contains("quota") == true, "\(failed)")
                let status = try await admin.request(.get, "/v1/bots/\(bot)/knowledge/sync", token: token)
                #expect(!status.text.contains(dify.datasetKey) && !status.text.contains(dify.appKey))
            }
        }
    }
}
