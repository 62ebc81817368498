import Fakes
import Foundation
import TestSupport
import Testing

/// `aics kb sync` run as an operator runs it, against the Dify and OpenAI fakes (real HTTP on
/// 127.0.0.1) and the test Postgres: what the provider holds and answers afterwards.
@Suite(.enabled(if: AICSBinary.isAvailable, "needs AICS_TEST_DATABASE_URL and the built aics executable"))
struct KBSyncCommandTests {
    /// A folder of knowledge files, written and changed by the tests.
    final class SourceFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aics-kb-sync-\(UUID().uuidString)")

        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }

        var path: String { url.path }

        func write(_ name: String, _ text: String) throws {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }

        func remove(_ name: String) throws { try FileManager.default.removeItem(at: url.appendingPathComponent(name)) }
    }

    static let warranty = "## How long is the warranty on the blender?\nThe blender has a 3-year warranty.\n"
    static let warrantyChanged = "## How long is the warranty on the blender?\nThe blender now has a 5-year warranty.\n"
    static let pickup = "question,answer\nCan I pick up my order in the Berlin store?,Yes: pickup in Berlin is free after 2 hours.\n"

    func createDifyBot(_ dify: DifyFake, tenant: String) async throws {
        let created = try await AICSBinary.run(
            ["bot", "create", "--tenant", tenant, "--name", "support", "--provider", "dify", "--base-url", dify.baseURL,
             "--response-mode", "blocking", "--dataset-id", dify.datasetID],
            environment: ["AICS_BOT_API_KEY": dify.appKey, "AICS_BOT_KNOWLEDGE_KEY": dify.datasetKey])
        #expect(created.status == 0, "\(created.all)")
    }

    func sync(_ tenant: String, _ folder: SourceFolder, _ extra: [String] = []) async throws -> AICSBinary.Result {
        try await AICSBinary.run(["kb", "sync", "--tenant", tenant, "--bot", "support", "--source", folder.path] + extra)
    }

    /// `aics bot test --json`: the answer's text and its sources' titles.
    func ask(_ tenant: String, _ question: String) async throws -> (text: String, titles: [String]) {
        let answer = try await AICSBinary.run(["bot", "test", "--tenant", tenant, "--name", "support", "-q", question, "--json"])
        #expect(answer.status == 0, "\(answer.all)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])
        let sources = json["sources"] as? [[String: Any]] ?? []
        return (json["text"] as? String ?? "", sources.compactMap { $0["title"] as? String })
    }

    @Test func difyDatasetFollowsTheSource() async throws {
        try await AICSBinary.migrate()
        let dify = try await DifyFake.start()
        defer { Task { await dify.stop() } }
        let tenant = AICSBinary.uniqueTenant()
        try await createDifyBot(dify, tenant: tenant)
        let folder = try SourceFolder()
        try folder.write("products/blender.md", Self.warranty)
        try folder.write("stores.csv", Self.pickup)
        try folder.write("notes.pdf", "not knowledge")

        // Before any sync the fake answers from its sample FAQ.
        #expect(try await ask(tenant, "How long is the warranty on the blender?").text.contains("3-year") == false)

        let dry = try await sync(tenant, folder, ["--dry-run"])
        #expect(dry.status == 0, "\(dry.all)")
        #expect(dry.stdout.contains("+ add        products/blender.md") && dry.stdout.contains("skipped    notes.pdf"), "\(dry.all)")
        #expect(dify.requestCount(.createDocument) == 0 && dify.datasetDocuments.isEmpty)

        let first = try await sync(tenant, folder)
        #expect(first.status == 0, "\(first.all)")
        #expect(first.stdout.contains("added 2, updated 0, removed 0, unchanged 0, failed 0"), "\(first.all)")
        #expect(Set(dify.datasetDocuments.map(\.name)) == ["products/blender.md", "stores.csv"])
        var answer = try await ask(tenant, "How long is the warranty on the blender?")
        #expect(answer.text == "The blender has a 3-year warranty.")
        #expect(answer.titles.first == "products/blender.md")

        // Unchanged: no upload at all.
        let writes = dify.requestCount(.createDocument) + dify.requestCount(.updateDocument)
        let again = try await sync(tenant, folder)
        #expect(again.status == 0 && again.stdout.contains("unchanged 2"), "\(again.all)")
        #expect(dify.requestCount(.createDocument) + dify.requestCount(.updateDocument) == writes)

        // Changed and deleted.
        try folder.write("products/blender.md", Self.warrantyChanged)
        try folder.remove("stores.csv")
        let changed = try await sync(tenant, folder)
        #expect(changed.stdout.contains("added 0, updated 1, removed 1, unchanged 0, failed 0"), "\(changed.all)")
        answer = try await ask(tenant, "How long is the warranty on the blender?")
        #expect(answer.text == "The blender now has a 5-year warranty.")
        #expect(dify.datasetDocuments.map(\.name) == ["products/blender.md"])
        let pickup = try await ask(tenant, "Can I pick up my order in the Berlin store?")
        #expect(!pickup.text.contains("Berlin"))
    }

    @Test func openAIVectorStoreFollowsTheSourceAndWaitsOutRateLimits() async throws {
        try await AICSBinary.migrate()
        let openAI = try await OpenAIFake.start()
        defer { Task { await openAI.stop() } }
        let tenant = AICSBinary.uniqueTenant()
        let created = try await AICSBinary.run(
            ["bot", "create", "--tenant", tenant, "--name", "support", "--provider", "openai", "--model", "gpt-4.1-mini",
             "--vector-store-id", openAI.vectorStoreID, "--base-url", openAI.baseURL, "--response-mode", "blocking"],
            environment: ["AICS_BOT_API_KEY": openAI.apiKey])
        #expect(created.status == 0, "\(created.all)")
        let folder = try SourceFolder()
        try folder.write("blender.md", Self.warranty)
        try folder.write("stores.csv", Self.pickup)

        openAI.inject(.rateLimited(retryAfter: .milliseconds(300)), times: 2, on: .uploadFile)
        let first = try await sync(tenant, folder)
        #expect(first.status == 0, "\(first.all)")
        #expect(first.stdout.contains("added 2"), "\(first.all)")
        #expect(first.stdout.contains("retried 2 request(s), 2 after a rate limit"), "\(first.all)")
        let files = openAI.attachedFiles(openAI.vectorStoreID)
        #expect(Set(files.map { $0.attributes["path"] ?? "" }) == ["blender.md", "stores.csv"])
        #expect(files.allSatisfy { $0.attributes["content_hash"]?.count == 64 })
        var answer = try await ask(tenant, "How long is the warranty on the blender?")
        #expect(answer.text == "The blender has a 3-year warranty.")
        #expect(answer.titles.contains("blender.md"))

        let uploads = openAI.requestCount(.uploadFile)
        let again = try await sync(tenant, folder)
        #expect(again.status == 0 && again.stdout.contains("unchanged 2"), "\(again.all)")
        #expect(openAI.requestCount(.uploadFile) == uploads)

        try folder.write("blender.md", Self.warrantyChanged)
        try folder.remove("stores.csv")
        let changed = try await sync(tenant, folder)
        #expect(changed.stdout.contains("added 0, updated 1, removed 1, unchanged 0, failed 0"), "\(changed.all)")
        answer = try await ask(tenant, "How long is the warranty on the blender?")
        #expect(answer.text == "The blender now has a 5-year warranty.")
        // Replaced and removed files are detached and deleted.
        #expect(openAI.attachedFiles(openAI.vectorStoreID).map(\.filename) == ["blender.md"])
        #expect(openAI.uploadedFileCount == 1)

        // A failure the provider keeps giving is reported with its reason; exit status 1.
        try folder.write("blender.md", Self.warranty)
        openAI.inject(.insufficientQuota, times: 1, on: .uploadFile)
        let failed = try await sync(tenant, folder)
        #expect(failed.status == 1, "\(failed.all)")
        #expect(failed.stdout.contains("failed update blender.md: quotaExhausted, HTTP 429, insufficient_quota"), "\(failed.all)")
        #expect(!failed.all.contains(openAI.apiKey))
    }

    @Test func aSyncKilledMidwayAndRunAgainLeavesExactlyTheSource() async throws {
        try await AICSBinary.migrate()
        let dify = try await DifyFake.start(DifyFake.Configuration(indexingPolls: 1, indexingTime: .milliseconds(700)))
        defer { Task { await dify.stop() } }
        let tenant = AICSBinary.uniqueTenant()
        try await createDifyBot(dify, tenant: tenant)
        let folder = try SourceFolder()
        for index in 0..<8 {
            try folder.write("doc-\(index).md", "## Question number \(index)?\nAnswer number \(index).\n")
        }
        // Each document takes at least 0.7 s to index: 8 take 5.6 s; killed once the dataset holds two.
        let killed = try await AICSBinary.run(
            ["kb", "sync", "--tenant", tenant, "--bot", "support", "--source", folder.path], deadline: .seconds(120),
            killWhen: { _ in dify.datasetDocuments.count >= 2 })
        #expect(killed.status == 128 + 9, "\(killed.all)")
        let partial = dify.datasetDocuments.count
        #expect(partial > 0 && partial < 8)

        try folder.remove("doc-0.md")
        dify.setIndexing(polls: 0, time: .zero)
        let rerun = try await sync(tenant, folder)
        #expect(rerun.status == 0, "\(rerun.all)")
        let held = dify.datasetDocuments.map(\.name).sorted()
        #expect(held == (1..<8).map { "doc-\($0).md" })
        #expect(Set(dify.datasetDocuments.map(\.text)).count == 7)
        let settled = try await sync(tenant, folder)
        #expect(settled.stdout.contains("unchanged 7") && settled.stdout.contains("nothing to do"), "\(settled.all)")
    }

    @Test func difyFailuresAreReportedWithTheProvidersReason() async throws {
        try await AICSBinary.migrate()
        let dify = try await DifyFake.start(DifyFake.Configuration(indexingPolls: 0))
        defer { Task { await dify.stop() } }
        let tenant = AICSBinary.uniqueTenant()
        try await createDifyBot(dify, tenant: tenant)
        let folder = try SourceFolder()
        try folder.write("a.md", Self.warranty)
        try folder.write("b.csv", Self.pickup)
        dify.inject(.knowledgeRateLimit, times: 1, on: .createDocument)
        dify.inject(.providerQuotaExceeded, times: 1, on: .createDocument)
        dify.failNextIndexing()
        let run = try await sync(tenant, folder)
        #expect(run.status == 1, "\(run.all)")
        // The 403 rate limit is waited out; the quota error fails a.md; b.csv's indexing errors.
        #expect(run.stdout.contains("failed add a.md: quotaExhausted, HTTP 400, provider_quota_exceeded"), "\(run.all)")
        #expect(run.stdout.contains("failed add b.csv: badRequest, indexing_failed"), "\(run.all)")
        #expect(run.stdout.contains("1 after a rate limit"), "\(run.all)")
        #expect(!run.all.contains(dify.datasetKey))
        // The next run writes both again.
        let next = try await sync(tenant, folder)
        #expect(next.status == 0 && next.stdout.contains("failed 0"), "\(next.all)")
        #expect(Set(dify.datasetDocuments.map(\.name)) == ["a.md", "b.csv"])
    }

    @Test func aLocalBotGetsTheSourcesEntriesAndABotWithSeveralDatasetsMustNameOne() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let created = try await AICSBinary.run(["bot", "create", "--tenant", tenant, "--name", "support", "--provider", "local"])
        #expect(created.status == 0, "\(created.all)")
        let folder = try SourceFolder()
        try folder.write("blender.md", Self.warranty)
        let first = try await sync(tenant, folder)
        #expect(first.status == 0 && first.stdout.contains("added 1"), "\(first.all)")
        #expect(try await ask(tenant, "How long is the warranty on the blender?").text == "The blender has a 3-year warranty.")
        try folder.write("blender.md", Self.warrantyChanged)
        _ = try await sync(tenant, folder)
        #expect(try await ask(tenant, "How long is the warranty on the blender?").text == "The blender now has a 5-year warranty.")
        let refused = try await sync(tenant, folder, ["--dataset", "x"])
        #expect(refused.status != 0 && refused.stderr.contains("local bot"), "\(refused.all)")

        let two = try await AICSBinary.run(
            ["bot", "create", "--tenant", tenant, "--name", "multi", "--provider", "dify", "--base-url", "http://127.0.0.1:9/v1",
             "--dataset-id", "d-1", "--dataset-id", "d-2"],
            environment: ["AICS_BOT_API_KEY": "app-0123456789abcdefghijklmn", "AICS_BOT_KNOWLEDGE_KEY": "dataset-0123456789abcdefghijklmn"])
        #expect(two.status == 0, "\(two.all)")
        let ambiguous = try await AICSBinary.run(["kb", "sync", "--tenant", tenant, "--bot", "multi", "--source", folder.path])
        #expect(ambiguous.status != 0 && ambiguous.stderr.contains("name one with --dataset ID"), "\(ambiguous.all)")
        // Another tenant's name is not found.
        let foreign = try await AICSBinary.run(["kb", "sync", "--tenant", "other-\(tenant)", "--bot", "support", "--source", folder.path])
        #expect(foreign.status != 0 && foreign.stderr.contains("no bot named 'support'"), "\(foreign.all)")
    }

    @Test func aScheduledSyncRunsOncePerIntervalAcrossProcesses() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let created = try await AICSBinary.run(["bot", "create", "--tenant", tenant, "--name", "support", "--provider", "local"])
        #expect(created.status == 0, "\(created.all)")
        let folder = try SourceFolder()
        try folder.write("blender.md", Self.warranty)
        // Two schedulers of the same bot, every hour; once its first tick printed its end, the first
        // is stopped with SIGTERM (it must end the wait at once and exit cleanly), the second killed.
        let arguments = ["kb", "sync", "--tenant", tenant, "--bot", "support", "--source", folder.path, "--every", "1h"]
        let ticked: @Sendable (String) -> Bool = { $0.contains("synced bot support") || $0.contains("nothing done") }
        async let first = AICSBinary.run(arguments, deadline: .seconds(120), killWhen: ticked, signal: SIGTERM)
        async let second = AICSBinary.run(arguments, deadline: .seconds(120), killWhen: ticked)
        let (stopped, killed) = try await (first, second)
        let outputs = stopped.stdout + "\n" + killed.stdout
        let synced = outputs.components(separatedBy: "synced bot support").count - 1
        #expect(synced == 1, "\(outputs)")
        #expect(outputs.contains("nothing done"), "\(outputs)")
        #expect(stopped.status == 0 && stopped.stdout.contains("stopping: signal received"), "\(stopped.all)")
        #expect(killed.status == 128 + 9, "\(killed.all)")
    }
}
