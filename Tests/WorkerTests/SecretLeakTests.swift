import Fakes
import Foundation
import HTTP
import JSON
import Testing
import TestSupport

/// Recognisable fake secrets go in through every door (the admin API, the command line with keys
/// from the environment, standard input and a file, the process environment); a full run
/// follows: bots created, checked and previewed, bindings set, two worker processes (JSON logs at
/// trace level, text logs at debug level) answering through the Dify and OpenAI fakes while those
/// fail in the ways that make error texts (401, 403-like quota, 429, 5xx, cut streams, malformed
/// bodies, an unreachable host), some echoing the key they were sent as a gateway may, and dead
/// letters. Then everything `LeakRun` captured (logs, topic records, admin responses, command
/// output, metrics, NOTIFY payloads, every column of every table and view) is searched for each
/// secret and every 12-byte run of its secret part.
@Suite("Secrets never leak: logs, topics, error texts, API responses and plain-text columns of a full run",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct SecretLeakTests {
    /// The canaries: random, and marked LEAKCANARY so that a hit is never a coincidence.
    struct Secrets {
        static func random() -> String { UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).uppercased() }

        let difyApp = "app-LEAKCANARY" + Secrets.random()
        let difyDataset = "dataset-LEAKCANARY" + Secrets.random()
        let difyWrong = "app-LEAKCANARYWRONG" + Secrets.random()
        let cliApp = "app-LEAKCANARYCLI" + Secrets.random()
        let openAI = "sk-LEAKCANARY-" + Secrets.random() + Secrets.random()
        let openAIWrong = "sk-LEAKCANARY-WRONG-" + Secrets.random()
        /// Sent in bodies and variables that are refused (a key with inner whitespace).
        let refused = "app-LEAKCANARYREFUSED" + Secrets.random()
        let secretKey = "LEAKCANARY-SECRET-KEY-" + Secrets.random() + Secrets.random()
        let previousSecretKey = "LEAKCANARY-PREVIOUS-KEY-" + Secrets.random() + Secrets.random()
        /// The key `aics bot rotate-secrets` moves every bot's keys to at the end.
        let rotatedSecretKey = "LEAKCANARY-ROTATED-KEY-" + Secrets.random() + Secrets.random()
        /// A password in the database URL: the test server trusts local connections, so libpq
        /// never sends it, but aics holds it and logs the URL.
        let databasePassword = "LEAKCANARY-PG-" + Secrets.random()
        let wrongToken = "aics_LEAKCANARY" + Secrets.random() + Secrets.random()

        func canaries(adminToken: String) -> [CanaryScanner.Canary] {
            [
                .init(name: "dify app key", value: difyApp, publicPrefix: 4),
                .init(name: "dify knowledge key", value: difyDataset, publicPrefix: 8),
                .init(name: "wrong dify app key", value: difyWrong, publicPrefix: 4),
                .init(name: "dify app key given to the CLI", value: cliApp, publicPrefix: 4),
                .init(name: "openai key", value: openAI, publicPrefix: 3),
                .init(name: "wrong openai key", value: openAIWrong, publicPrefix: 3),
                .init(name: "refused key", value: refused, publicPrefix: 4),
                .init(name: "AICS_SECRET_KEY", value: secretKey, publicPrefix: 0),
                .init(name: "AICS_SECRET_KEY_PREVIOUS", value: previousSecretKey, publicPrefix: 0),
                .init(name: "rotated AICS_SECRET_KEY", value: rotatedSecretKey, publicPrefix: 0),
                .init(name: "database password", value: databasePassword, publicPrefix: 0),
                .init(name: "wrong admin token", value: wrongToken, publicPrefix: 5),
                .init(name: "admin token", value: adminToken, publicPrefix: 5),
            ]
        }
    }

    /// The fakes of the run: one Dify for the admin API's bots, one for the command line's, one OpenAI.
    struct ProviderFakes {
        let dify: DifyFake
        let cliDify: DifyFake
        let openAI: OpenAIFake

        var pendingFailures: Int { dify.pendingFailures + cliDify.pendingFailures + openAI.pendingFailures }

        func stop() async {
            await dify.stop()
            await cliDify.stop()
            await openAI.stop()
        }
    }

    static let question = "How long does shipping take?"

    @Test func noSecretShowsAnywhereAfterAFullRun() async throws {
        let secrets = Secrets()
        let providers = ProviderFakes(
            dify: try await DifyFake.start(.init(appKey: secrets.difyApp, datasetKey: secrets.difyDataset, citationsEnabled: false)),
            cliDify: try await DifyFake.start(.init(appKey: secrets.cliApp)),
            openAI: try await OpenAIFake.start(.init(apiKey: secrets.openAI)))
        defer { Task { await providers.stop() } }
        try await WorkerFixture.with(partitions: 2) { fixture in
            var overrides = ["AICS_SECRET_KEY": secrets.secretKey, "AICS_SECRET_KEY_PREVIOUS": secrets.previousSecretKey, "AICS_LOG_LEVEL": "trace"]
            if let url = Self.url(WorkerFixture.url(searchPath: fixture.schema), password: secrets.databasePassword) {
                overrides["AICS_DATABASE_URL"] = url
            }
            let run = LeakRun(fixture: fixture, overrides: overrides)
            let tenant = "leak-\(UUID().uuidString.prefix(6).lowercased())"
            try await run.listenForConfigChanges()

            let created = try await run.aics(["token", "create", "--tenant", tenant, "--name", "admin-ui"], printsSecret: true)
            let token = try #require(created.standardOutput.split(separator: "\n").first.map(String.init))
            let scanner = CanaryScanner(secrets.canaries(adminToken: token))
            // `token create` prints the token once, by design: the one output not searched.
            #expect(scanner.leaks(in: created.standardOutput, source: "token create").map(\.canary) == ["admin token"],
                    "the scanner sees the token where it is meant to be")
            try await run.aics(["token", "list", "--tenant", tenant])
            let admin = try await run.startAdmin(token: token)
            defer { if admin.process.isRunning { admin.process.terminate() } }

            try await Self.adminAPI(run, providers, secrets)
            try await Self.commandLine(run, providers, secrets, tenant: tenant)

            let workerArguments = ["worker", "--group", "leak", "--shutdown-timeout", "5", "--session-timeout-ms", "3000", "--database-pool-size", "6"]
            let jsonWorker = try run.launch(workerArguments + ["--log-level", "trace", "--log-format", "json", "--metrics-listen", "127.0.0.1:0"])
            let textWorker = try run.launch(workerArguments + ["--log-level", "debug", "--log-format", "text"])
            defer { for worker in [jsonWorker, textWorker] where worker.process.isRunning { worker.process.terminate() } }
            let sent = try await Self.messages(run, providers, secrets, tenant: tenant)

            // What an operator sees afterwards: the bots' status, the endpoints.
            for id in try await run.botIDs().values { try await run.call(.get, "/v1/bots/\(id)") }
            for name in ["support", "docs", "cli"] { try await run.aics(["bot", "show", "--tenant", tenant, "--name", name]) }
            try await run.captureEndpoints("json worker", jsonWorker)
            try await run.captureEndpoints("admin", admin)

            #expect(run.captureConfigChanges() >= 10, "bots and bindings were announced")
            // Every inbound record, the outcome of each accepted one, the two dead letters.
            let outputs = try await fixture.pool.query(
                "SELECT count(*)::text FROM inbound_messages WHERE tenant_id = $1 AND outcome <> 'skip'", [tenant])
            let records = try await run.captureTopics(
                WorkerFixture.topics, expected: sent + Int(try outputs[0].decode(0, as: String.self))! + 2)
            #expect(records.contains { $0.topic == "cs.dead-letter" })
            run.stop([("json worker", jsonWorker), ("text worker", textWorker), ("admin", admin)])
            #expect((jsonWorker.log + textWorker.log).contains("provider failed"), "the workers logged the failures")
            // A key rotation; the keys still open with the new key alone.
            let rotation = ["AICS_SECRET_KEY": secrets.rotatedSecretKey, "AICS_SECRET_KEY_PREVIOUS": secrets.secretKey]
            try await run.aics(["bot", "rotate-secrets", "--tenant", tenant], extra: rotation)
            try await run.aics(["bot", "rotate-secrets", "--tenant", tenant, "--json"], extra: rotation)
            try await run.aics(["bot", "test", "--tenant", tenant, "--name", "cli", "--check"], extra: ["AICS_SECRET_KEY": secrets.rotatedSecretKey])
            #expect(try await run.captureDatabase() > 50)
            // The keys are there, sealed: `bots.secrets` was searched above as escaped bytes.
            let sealed = try await fixture.pool.query(
                "SELECT count(*)::text FROM bots WHERE tenant_id = $1 AND provider <> 'local' AND secrets IS NOT NULL", [tenant])
            #expect(try sealed[0].decode(0, as: String.self) == "8", "eight bots with sealed keys")

            let (leaks, folder, bytes) = try run.search(scanner)
            print("searched \(run.pieces.count) pieces, \(bytes) bytes, for \(scanner.canaries.count) secrets" + (folder.map { "; all kept in \($0)" } ?? ""))
            let report = leaks.map(\.description).joined(separator: "\n")
            #expect(leaks.isEmpty, "\(leaks.count) leaks:\n\(report)")
        }
    }

    /// Bots created (also with keys the provider refuses, and bodies broken around a key),
    /// checked and previewed while the providers fail, some echoing the key; bindings set.
    static func adminAPI(_ run: LeakRun, _ providers: ProviderFakes, _ secrets: Secrets) async throws {
        let (dify, openAI) = (providers.dify, providers.openAI)
        func create(_ name: String, _ provider: String, _ members: [String: JSONValue], check: Bool = true) async throws -> (status: Int, json: JSONValue?) {
            try await run.call(.post, "/v1/bots" + (check ? "" : "?check=false"),
                               .object(members.merging(["name": .string(name), "provider": .string(provider)]) { $1 }))
        }
        let support: [String: JSONValue] = [
            "base_url": .string(dify.baseURL), "api_key": .string(secrets.difyApp), "knowledge_key": .string(secrets.difyDataset),
            "dataset_ids": .array([.string(dify.datasetID)]), "response_mode": .string("blocking"),
        ]
        let docs: [String: JSONValue] = [
            "base_url": .string(openAI.baseURL), "api_key": .string(secrets.openAI), "model": .string("gpt-4.1-mini"),
            "vector_store_ids": .array([.string(openAI.vectorStoreID)]), "response_mode": .string("streaming"),
        ]
        let supportWrong = support.merging(["api_key": .string(secrets.difyWrong)]) { $1 }.filter { !["knowledge_key", "dataset_ids"].contains($0.key) }
        let docsWrong = docs.merging(["api_key": .string(secrets.openAIWrong)]) { $1 }
        // A provider that cannot be reached: curl's error texts instead of the provider's.
        let supportDown = support.merging(["base_url": .string("http://127.0.0.1:1/v1")]) { $1 }

        // Refused: a wrong token, keys the provider refuses, bodies broken around a key.
        #expect(try await run.call(.get, "/v1/bots", bearer: secrets.wrongToken).status == 401)
        #expect(try await run.call(.post, "/v1/bots", .object(["name": .string("x"), "api_key": .string(secrets.difyApp)]), bearer: secrets.wrongToken).status == 401)
        #expect(try await create("support-wrong", "dify", supportWrong).status == 400)
        #expect(try await create("docs-wrong", "openai", docsWrong).status == 400)
        #expect(try await create("bad", "dify", ["base_url": .string(dify.baseURL), "api_key": .string(secrets.refused + " tail")]).status == 400)
        #expect(try await create("bad", "nope", ["api_key": .string(secrets.refused)]).status == 400)
        #expect(try await create("bad", "dify", ["api_key": .array([.string(secrets.refused)])]).status == 400)
        #expect(try await run.call(.post, "/v1/bots", raw: "{\"name\": \"bad\", \"provider\": \"dify\", \"api_key\": \"\(secrets.refused)").status == 400)
        #expect(try await run.call(.post, "/v1/bots", raw: "{\"api_key\": \"\(secrets.refused)\u{1}\"}").status == 400)

        // The bots: keys checked against the fakes on creation unless told not to.
        #expect(try await create("support", "dify", support).status == 201)
        #expect(try await create("support-wrong", "dify", supportWrong, check: false).status == 201)
        #expect(try await create("docs", "openai", docs).status == 201)
        #expect(try await create("docs-wrong", "openai", docsWrong, check: false).status == 201)
        #expect(try await create("support-down", "dify", supportDown, check: false).status == 201)
        let ids = try await run.botIDs()
        let supportID = try #require(ids["support"]), docsID = try #require(ids["docs"])
        #expect(try await run.call(.patch, "/v1/bots/\(supportID)", .object(["api_key": .string(secrets.difyApp), "knowledge_key": .string(secrets.difyDataset)])).status == 200)
        #expect(try await run.call(.patch, "/v1/bots/\(docsID)", .object(["api_key": .string(secrets.refused + "\tx")])).status == 400)
        for id in ids.values {
            try await run.call(.get, "/v1/bots/\(id)")
            try await run.call(.post, "/v1/bots/\(id)/check")
            try await run.call(.post, "/v1/bots/\(id)/preview", .object(["question": .string(question)]))
        }

        // Error texts of checks and previews, also where the provider echoes the key it was sent.
        dify.inject(.error(status: 401, code: "unauthorized", message: "Access token is invalid: Bearer \(secrets.difyDataset)"), on: .dataset)
        try await run.call(.post, "/v1/bots/\(supportID)/check")
        dify.inject(.error(status: 502, code: "bad_gateway", message: "upstream refused Authorization: Bearer \(secrets.difyApp)"), times: 4)
        try await run.call(.post, "/v1/bots/\(supportID)/preview", .object(["question": .string(question)]))
        openAI.inject(.error(status: 401, type: "invalid_request_error", code: "invalid_api_key",
                             message: "Incorrect API key provided: \(secrets.openAI).", param: nil))
        try await run.call(.post, "/v1/bots/\(docsID)/preview", .object(["question": .string(question)]))
        openAI.inject(.rateLimited(retryAfter: .milliseconds(50)), times: 8)
        try await run.call(.post, "/v1/bots/\(docsID)/preview", .object(["question": .string(question)]))
        dify.inject(.serviceUnavailable, times: 8, on: nil)
        try await run.call(.post, "/v1/bots/\(supportID)/check")
        try await run.call(.post, "/v1/bots/\(supportID)/preview", .object(["question": .string(question)]))
        try await drain(run, providers)

        let bindings: [(account: String, body: [String: JSONValue])] = [
            ("acct-dify", ["bot": .string("support"), "mode": .string("assist"), "patience_ms": .number(5000)]),
            ("acct-wrong", ["bot": .string("support-wrong"), "mode": .string("assist")]),
            ("acct-openai", ["bot": .string("docs"), "mode": .string("hosted"), "patience_ms": .number(5000),
                             "fallback_text": .string("A colleague will answer you shortly.")]),
            ("acct-openai-wrong", ["bot": .string("docs-wrong"), "mode": .string("hosted")]),
            ("acct-down", ["bot": .string("support-down"), "mode": .string("assist")]),
        ]
        for (account, body) in bindings {
            #expect(try await run.call(.put, "/v1/bindings/\(account)", .object(body)).status == 200)
        }
        try await run.call(.get, "/v1/bindings")
    }

    /// Keys from the environment, standard input and a file; refused keys; every bot shown,
    /// tested and checked, with text and JSON logs; a provider echoing the key to `bot test`.
    static func commandLine(_ run: LeakRun, _ providers: ProviderFakes, _ secrets: Secrets, tenant: String) async throws {
        let cliBot = ["--tenant", tenant, "--provider", "dify", "--base-url", providers.cliDify.baseURL, "--response-mode", "streaming"]
        try await run.aics(["bot", "create", "--name", "cli"] + cliBot, extra: ["AICS_BOT_API_KEY": secrets.cliApp])
        try await run.aics(["bot", "create", "--name", "cli-stdin", "--api-key-stdin"] + cliBot, stdin: secrets.cliApp + "\n")
        let keyFile = NSTemporaryDirectory() + "aics-leak-key-\(UUID())"
        FileManager.default.createFile(atPath: keyFile, contents: Data((secrets.cliApp + "\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        try await run.aics(["bot", "create", "--name", "cli-file", "--api-key-file", keyFile] + cliBot)
        try await run.aics(["bot", "create", "--name", "cli-refused"] + cliBot, extra: ["AICS_BOT_API_KEY": secrets.refused + " tail"], expect: .failure)
        try await run.aics(["bot", "create", "--name", "cli-refused", "--api-key-stdin"] + cliBot, stdin: "\(secrets.refused) \(secrets.refused)\n", expect: .failure)
        try await run.aics(["bot", "update", "--tenant", tenant, "--name", "cli"], extra: ["AICS_BOT_API_KEY": secrets.cliApp])
        for format in ["text", "json"] {
            let extra = ["AICS_LOG_FORMAT": format]
            try await run.aics(["bot", "list", "--tenant", tenant, "--json"], extra: extra)
            for name in ["cli", "support", "docs", "support-wrong", "docs-wrong", "support-down"] {
                try await run.aics(["bot", "show", "--tenant", tenant, "--name", name], extra: extra)
                try await run.aics(["bot", "test", "--tenant", tenant, "--name", name, "-q", question], extra: extra, expect: .any)
                try await run.aics(["bot", "test", "--tenant", tenant, "--name", name, "--check"], extra: extra, expect: .any)
            }
        }
        providers.dify.inject(.error(status: 500, code: "internal_server_error", message: "key \(secrets.difyApp) failed"), times: 8, on: nil)
        try await run.aics(["bot", "test", "--tenant", tenant, "--name", "support", "-q", question], expect: .failure)
        try await run.aics(["bot", "test", "--tenant", tenant, "--name", "support", "--check"], expect: .failure)
        try await drain(run, providers)
        try await run.aics(["binding", "set", "--tenant", tenant, "--account", "acct-cli", "--bot", "cli", "--mode", "assist"])
        try await run.aics(["binding", "list", "--tenant", tenant])
    }

    /// Customer messages, one at a time, each met by the scripted failures injected before it;
    /// then two records that cannot be accepted. Returns how many records went to cs.inbound.
    static func messages(_ run: LeakRun, _ providers: ProviderFakes, _ secrets: Secrets, tenant: String) async throws -> Int {
        let (dify, cliDify, openAI) = (providers.dify, providers.cliDify, providers.openAI)
        let fixture = run.fixture
        var sent = 0
        var outcomes: [String] = []
        /// Sends one customer message and waits for its outcome in the ledger.
        func ask(_ account: String, _ conversation: String, seconds: Double = 60) async throws {
            sent += 1
            let id = "m-\(sent)"
            try await fixture.send(id: id, tenant: tenant, account: account, conversation: conversation, text: question)
            try await eventually("an outcome for \(id) (\(account))", seconds: seconds) {
                try await fixture.pool.query(
                    "SELECT 1 FROM inbound_messages WHERE tenant_id = $1 AND message_id = $2 AND outcome IS NOT NULL", [tenant, id]).count > 0
            }
            let row = try await fixture.pool.query(
                "SELECT outcome || ' ' || coalesce(outcome_reason, '') FROM inbound_messages WHERE tenant_id = $1 AND message_id = $2", [tenant, id])
            let outcome = try row[0].decode(0, as: String.self)
            outcomes.append("\(id) \(account): \(outcome)")
        }
        // The first message also waits for the workers to join their group. A success comes
        // between failures so that no bot's circuit opens (5 failures in a row) before its last
        // scripted failure is met.
        try await ask("acct-dify", "c-dify-1", seconds: 120)
        dify.inject(.internalServerError, times: 4)
        try await ask("acct-dify", "c-dify-2")
        dify.inject(.tooManyRequests, times: 2)
        dify.inject(.rateLimitError, times: 2)
        try await ask("acct-dify", "c-dify-3")
        dify.inject(.malformedJSON)
        try await ask("acct-dify", "c-dify-4")
        try await ask("acct-dify", "c-dify-5")
        dify.inject(.error(status: 502, code: "bad_gateway", message: "upstream refused Authorization: Bearer \(secrets.difyApp)"), times: 4)
        try await ask("acct-dify", "c-dify-6")
        try await ask("acct-dify", "c-dify-7")
        // Marks the bot credentials_invalid, with a status reason.
        dify.inject(.error(status: 401, code: "unauthorized", message: "Access token is invalid: \(secrets.difyApp)"))
        try await ask("acct-dify", "c-dify-8")
        try await ask("acct-dify", "c-dify-9")
        try await ask("acct-wrong", "c-wrong-1")
        try await ask("acct-cli", "c-cli-1")
        cliDify.inject(.cutStream(afterEvents: 1))
        try await ask("acct-cli", "c-cli-2")
        try await ask("acct-cli", "c-cli-3")
        cliDify.inject(.providerQuotaExceeded)
        try await ask("acct-cli", "c-cli-4")
        try await ask("acct-openai", "c-openai-1")
        openAI.inject(.rateLimited(retryAfter: .milliseconds(100)), times: 2)
        try await ask("acct-openai", "c-openai-2")
        openAI.inject(.cutStream(afterEvents: 1), times: 2)
        openAI.inject(.serverError)
        openAI.inject(.responseFailed)
        try await ask("acct-openai", "c-openai-3")
        try await ask("acct-openai", "c-openai-4")
        openAI.inject(.error(status: 401, type: "invalid_request_error", code: "invalid_api_key",
                             message: "Incorrect API key provided: \(secrets.openAI).", param: nil))
        try await ask("acct-openai", "c-openai-5")
        try await ask("acct-openai-wrong", "c-openai-wrong-1")
        try await ask("acct-down", "c-down-1")
        print("outcomes:\n" + outcomes.joined(separator: "\n"))
        #expect(outcomes.contains { $0.contains("[redacted]") }, "an echoed key reached the worker, scrubbed")
        #expect(providers.pendingFailures == 0, "every scripted failure was met")

        // Records that cannot be accepted: dead letters.
        _ = try await fixture.producer.send(topic: "cs.inbound", key: Array("c-junk".utf8), value: Array("{\"message_id\": \"junk".utf8))
        try await fixture.send(id: "m-stranger", tenant: "nobody-\(UUID().uuidString.prefix(6))", conversation: "c-stranger", text: "Hello?")
        return sent + 2
    }

    /// Uses up scripted failures the previous requests left (how many requests a check or a
    /// preview makes is not this test's business), so that the next step starts clean.
    static func drain(_ run: LeakRun, _ providers: ProviderFakes) async throws {
        let ids = try await run.botIDs().values
        for _ in 0..<20 where providers.pendingFailures > 0 {
            for id in ids {
                try await run.call(.post, "/v1/bots/\(id)/check")
                try await run.call(.post, "/v1/bots/\(id)/preview", .object(["question": .string(question)]))
            }
        }
        #expect(providers.pendingFailures == 0, "scripted failures left over")
    }

    /// `url` with `password` in its user info, or nil when it has none to add it to (then the
    /// processes get the fixture's URL and the password canary is not used).
    static func url(_ url: String, password: String) -> String? {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
              !url[scheme.upperBound..<at].isEmpty, !url[scheme.upperBound..<at].contains(":") else { return nil }
        return String(url[..<at]) + ":" + password + String(url[at...])
    }
}
