import Fakes
import Foundation
import HTTP
import JSON
import Kafka
import Postgres
import Synchronization
import Testing
import TestSupport

/// Recognisable fake secrets go in through every door (the admin API, the command line, the
/// environment); a full run follows: bots created, checked and previewed, bindings set, two
/// worker processes (JSON logs at trace level and text logs at debug level) answering through
/// the Dify and OpenAI fakes while those fail in every way that makes an error text, some
/// echoing the key they were sent, as a gateway may. Afterwards every log line, every record
/// on every topic, every admin API response (status, headers, body), every text the command
/// line printed, the metrics and every column of every table and view of the schema (text-like
/// or not, bytea as escaped bytes, so new tables are covered without a change here) are searched
/// for each secret and for every 12-byte run of its secret part.
@Suite("Secrets never leak: logs, topics, error texts, API responses and plain-text columns of a full run",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct SecretLeakTests {
    /// What one run captured, each piece named after where it came from.
    struct Captured {
        var pieces: [(source: String, bytes: [UInt8])] = []

        mutating func add(_ source: String, _ text: String) { pieces.append((source, Array(text.utf8))) }
        mutating func add(_ source: String, bytes: [UInt8]) { pieces.append((source, bytes)) }
    }

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
        let wrongToken = "aics_LEAKCANARY" + Secrets.random() + Secrets.random()
        let previousSecretKey = "LEAKCANARY-PREVIOUS-KEY-" + Secrets.random() + Secrets.random()
        /// A password in the database URL: the test server trusts local connections, so libpq
        /// never sends it, but aics holds it and logs the URL.
        let databasePassword = "LEAKCANARY-PG-" + Secrets.random()

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
                .init(name: "database password", value: databasePassword, publicPrefix: 0),
                .init(name: "wrong admin token", value: wrongToken, publicPrefix: 5),
                .init(name: "admin token", value: adminToken, publicPrefix: 5),
            ]
        }
    }

    @Test func noSecretShowsAnywhereAfterAFullRun() async throws {
        let secrets = Secrets()
        let dify = try await DifyFake.start(.init(appKey: secrets.difyApp, datasetKey: secrets.difyDataset, citationsEnabled: false))
        let cliDify = try await DifyFake.start(.init(appKey: secrets.cliApp))
        let openAI = try await OpenAIFake.start(.init(apiKey: secrets.openAI))
        defer {
            Task {
                await dify.stop()
                await cliDify.stop()
                await openAI.stop()
            }
        }
        try await WorkerFixture.with(partitions: 2) { fixture in
            var captured = Captured()
            let tenant = "leak-\(UUID().uuidString.prefix(6).lowercased())"
            var overrides = ["AICS_SECRET_KEY": secrets.secretKey, "AICS_SECRET_KEY_PREVIOUS": secrets.previousSecretKey, "AICS_LOG_LEVEL": "trace"]
            let databaseURL = Self.url(WorkerFixture.url(searchPath: fixture.schema), password: secrets.databasePassword)
            if let databaseURL { overrides["AICS_DATABASE_URL"] = databaseURL }
            let environment = WorkerProcessLauncher.environment(fixture).merging(overrides) { $1 }

            // Configuration changes are announced on aics_config: the payloads are searched too.
            let notifications = Notifications()
            let listener = Task {
                for await event in fixture.pool.listen(to: ["aics_config"]) {
                    switch event {
                    case .listening: notifications.listening.withLock { $0 = true }
                    case .notification(let notification): notifications.payloads.withLock { $0.append(notification.payload) }
                    }
                }
            }
            defer { listener.cancel() }
            try await eventually("LISTEN aics_config") { notifications.listening.withLock { $0 } }

            // MARK: The command line
            var commandNumber = 0
            /// Runs `aics`; what it prints is searched, unless it prints a secret by design.
            func aics(_ arguments: [String], extra: [String: String] = [:], stdin: String = "", expect status: Int32? = 0,
                      printsSecret: Bool = false) async throws -> ChildRun {
                commandNumber += 1
                let run = try await ChildRun.run(
                    executable: AICSBinary.path!, arguments: arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
                let name = "aics \(arguments.prefix(3).joined(separator: " ")) (#\(commandNumber), exit \(run.status))"
                if let status { #expect(run.status == status, "\(name): \(run.standardOutput)\(run.standardError)") }
                captured.add("\(name) stderr", run.standardError)
                if !printsSecret { captured.add("\(name) stdout", run.standardOutput) }
                return run
            }
            let created = try await aics(["token", "create", "--tenant", tenant, "--name", "admin-ui"], printsSecret: true)
            let token = try #require(created.standardOutput.split(separator: "\n").first.map(String.init))
            // `token create` prints the token once, by design: that output alone is not searched.
            let scanner = CanaryScanner(secrets.canaries(adminToken: token))
            #expect(scanner.leaks(in: created.standardOutput, source: "token create").map(\.canary) == ["admin token"],
                    "the scanner must see the token where it is meant to be")
            _ = try await aics(["token", "list", "--tenant", tenant])

            // MARK: The admin API
            let admin = try WorkerProcessLauncher.launch(
                fixture, ["admin", "--listen", "127.0.0.1:0", "--log-level", "trace", "--log-format", "json", "--metrics-listen", "127.0.0.1:0"], overrides: overrides)
            defer { if admin.process.isRunning { admin.process.terminate() } }
            let base = try await OperatorFlowTests.listeningAddress(admin)
            var callNumber = 0
            func call(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, raw: String? = nil,
                      token bearer: String? = nil) async throws -> (status: Int, json: JSONValue?) {
                callNumber += 1
                var headers: HTTPHeaders = ["Authorization": "Bearer \(bearer ?? token)"]
                if body != nil || raw != nil { headers.set("Content-Type", "application/json") }
                let response = try await WorkerFixture.httpClient.execute(HTTPRequest(
                    method: method, url: base + path, headers: headers, body: body.map(JSONWriter.bytes) ?? raw.map { Array($0.utf8) },
                    timeout: .seconds(60)))
                let name = "admin \(method.rawValue) \(path) (#\(callNumber), \(response.status))"
                captured.add("\(name) headers", response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
                captured.add("\(name) body", bytes: response.body)
                return (response.status, try? JSONParser.parse(response.body))
            }
            func bot(_ name: String, _ provider: String, _ members: [String: JSONValue], check: Bool = true) async throws -> String? {
                var body = members
                body["name"] = .string(name)
                body["provider"] = .string(provider)
                let (status, json) = try await call(.post, "/v1/bots" + (check ? "" : "?check=false"), .object(body))
                #expect(status == 201 || !check, "create \(name): \(String(describing: json))")
                return json?["id"]?.stringValue
            }
            /// Uses up scripted failures the previous requests left (how many requests a check or a
            /// preview makes is not this test's business), so that each step starts clean.
            func drain() async throws {
                let ids = try await call(.get, "/v1/bots").json?["bots"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                for _ in 0..<20 where dify.pendingFailures + openAI.pendingFailures > 0 {
                    for id in ids {
                        _ = try await call(.post, "/v1/bots/\(id)/check")
                        _ = try await call(.post, "/v1/bots/\(id)/preview", .object(["question": .string("How long does shipping take?")]))
                    }
                }
                #expect(dify.pendingFailures + openAI.pendingFailures == 0,
                        "scripted failures left over: dify \(dify.pendingFailures), openai \(openAI.pendingFailures), bots \(ids.count)")
            }
            let difyMembers: [String: JSONValue] = [
                "base_url": .string(dify.baseURL), "api_key": .string(secrets.difyApp), "knowledge_key": .string(secrets.difyDataset),
                "dataset_ids": .array([.string(dify.datasetID)]), "response_mode": .string("blocking"),
            ]
            let openAIMembers: [String: JSONValue] = [
                "base_url": .string(openAI.baseURL), "api_key": .string(secrets.openAI), "model": .string("gpt-4.1-mini"),
                "vector_store_ids": .array([.string(openAI.vectorStoreID)]), "response_mode": .string("streaming"),
            ]

            // Refused requests: a wrong token, keys the provider refuses, bodies that are broken around a key.
            #expect(try await call(.get, "/v1/bots", token: secrets.wrongToken).status == 401)
            #expect(try await call(.post, "/v1/bots", .object(["name": .string("x"), "api_key": .string(secrets.difyApp)]), token: secrets.wrongToken).status == 401)
            var wrongDify = difyMembers
            wrongDify["api_key"] = .string(secrets.difyWrong)
            wrongDify["knowledge_key"] = nil
            wrongDify["dataset_ids"] = nil
            let refusedByDify = try await call(.post, "/v1/bots", .object(wrongDify.merging(["name": .string("support-wrong"), "provider": .string("dify")]) { $1 }))
            #expect(refusedByDify.status == 400, "\(String(describing: refusedByDify.json))")
            var wrongOpenAI = openAIMembers
            wrongOpenAI["api_key"] = .string(secrets.openAIWrong)
            let refusedByOpenAI = try await call(.post, "/v1/bots", .object(wrongOpenAI.merging(["name": .string("docs-wrong"), "provider": .string("openai")]) { $1 }))
            #expect(refusedByOpenAI.status == 400, "\(String(describing: refusedByOpenAI.json))")
            #expect(try await call(.post, "/v1/bots", .object(["name": .string("bad"), "provider": .string("dify"), "base_url": .string(dify.baseURL),
                                                               "api_key": .string(secrets.refused + " tail")])).status == 400)
            #expect(try await call(.post, "/v1/bots", .object(["name": .string("bad"), "provider": .string("nope"), "api_key": .string(secrets.refused)])).status == 400)
            #expect(try await call(.post, "/v1/bots", .object(["name": .string("bad"), "provider": .string("dify"), "api_key": .array([.string(secrets.refused)])])).status == 400)
            #expect(try await call(.post, "/v1/bots", raw: "{\"name\": \"bad\", \"provider\": \"dify\", \"api_key\": \"\(secrets.refused)").status == 400)
            #expect(try await call(.post, "/v1/bots", raw: "{\"api_key\": \"\(secrets.refused)\u{1}\"}").status == 400)

            // The bots: keys checked against the fakes on creation unless told not to.
            let support = try #require(try await bot("support", "dify", difyMembers))
            _ = try #require(try await bot("support-wrong", "dify", wrongDify, check: false))
            let docs = try #require(try await bot("docs", "openai", openAIMembers))
            _ = try #require(try await bot("docs-wrong", "openai", wrongOpenAI, check: false))
            // A provider that cannot be reached: transport errors (curl's texts) instead of the provider's.
            var unreachable = difyMembers
            unreachable["base_url"] = .string("http://127.0.0.1:1/v1")
            _ = try #require(try await bot("support-down", "dify", unreachable, check: false))
            #expect(try await call(.patch, "/v1/bots/\(support)", .object(["api_key": .string(secrets.difyApp), "knowledge_key": .string(secrets.difyDataset)])).status == 200)
            #expect(try await call(.patch, "/v1/bots/\(docs)", .object(["api_key": .string(secrets.refused + "\tx")])).status == 400)
            _ = try await call(.get, "/v1/bots")
            for name in ["support", "support-wrong", "docs", "docs-wrong", "support-down"] {
                let id = try #require(try await call(.get, "/v1/bots").json?["bots"]?.arrayValue?.first { $0["name"]?.stringValue == name }?["id"]?.stringValue,
                                      "bot \(name) listed")
                _ = try await call(.get, "/v1/bots/\(id)")
                _ = try await call(.post, "/v1/bots/\(id)/check")
                _ = try await call(.post, "/v1/bots/\(id)/preview", .object(["question": .string("How long does shipping take?")]))
            }
            // Error texts of checks and previews, also where the provider echoes the key it was sent.
            dify.inject(.error(status: 401, code: "unauthorized", message: "Access token is invalid: Bearer \(secrets.difyDataset)"), on: .dataset)
            _ = try await call(.post, "/v1/bots/\(support)/check")
            dify.inject(.error(status: 502, code: "bad_gateway", message: "upstream refused Authorization: Bearer \(secrets.difyApp)"), times: 4)
            _ = try await call(.post, "/v1/bots/\(support)/preview", .object(["question": .string("How long does shipping take?")]))
            openAI.inject(.error(status: 401, type: "invalid_request_error", code: "invalid_api_key",
                                 message: "Incorrect API key provided: \(secrets.openAI).", param: nil))
            _ = try await call(.post, "/v1/bots/\(docs)/preview", .object(["question": .string("How long does shipping take?")]))
            openAI.inject(.rateLimited(retryAfter: .milliseconds(50)), times: 8)
            _ = try await call(.post, "/v1/bots/\(docs)/preview", .object(["question": .string("How long does shipping take?")]))
            dify.inject(.serviceUnavailable, times: 8, on: nil)
            _ = try await call(.post, "/v1/bots/\(support)/check")
            _ = try await call(.post, "/v1/bots/\(support)/preview", .object(["question": .string("How long does shipping take?")]))
            try await drain()

            let bindings: [(account: String, body: [String: JSONValue])] = [
                ("acct-dify", ["bot": .string("support"), "mode": .string("assist"), "patience_ms": .number(5000)]),
                ("acct-wrong", ["bot": .string("support-wrong"), "mode": .string("assist")]),
                ("acct-openai", ["bot": .string("docs"), "mode": .string("hosted"), "patience_ms": .number(5000),
                                 "fallback_text": .string("A colleague will answer you shortly.")]),
                ("acct-openai-wrong", ["bot": .string("docs-wrong"), "mode": .string("hosted")]),
                ("acct-down", ["bot": .string("support-down"), "mode": .string("assist")]),
            ]
            for (account, body) in bindings {
                #expect(try await call(.put, "/v1/bindings/\(account)", .object(body)).status == 200)
            }
            _ = try await call(.get, "/v1/bindings")

            // MARK: The command line with keys: from the environment, standard input, refused ones.
            let cliBot = ["--tenant", tenant, "--provider", "dify", "--base-url", cliDify.baseURL, "--response-mode", "streaming"]
            _ = try await aics(["bot", "create", "--name", "cli"] + cliBot, extra: ["AICS_BOT_API_KEY": secrets.cliApp])
            _ = try await aics(["bot", "create", "--name", "cli-stdin", "--api-key-stdin"] + cliBot, stdin: secrets.cliApp + "\n")
            let keyFile = NSTemporaryDirectory() + "aics-leak-key-\(UUID())"
            FileManager.default.createFile(atPath: keyFile, contents: Data((secrets.cliApp + "\n").utf8))
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            _ = try await aics(["bot", "create", "--name", "cli-file", "--api-key-file", keyFile] + cliBot)
            _ = try await aics(["bot", "create", "--name", "cli-refused"] + cliBot, extra: ["AICS_BOT_API_KEY": secrets.refused + " tail"], expect: nil)
            _ = try await aics(["bot", "create", "--name", "cli-refused", "--api-key-stdin"] + cliBot, stdin: "\(secrets.refused) \(secrets.refused)\n", expect: nil)
            _ = try await aics(["bot", "update", "--tenant", tenant, "--name", "cli"], extra: ["AICS_BOT_API_KEY": secrets.cliApp])
            for format in ["text", "json"] {
                let extra = ["AICS_LOG_FORMAT": format]
                _ = try await aics(["bot", "list", "--tenant", tenant, "--json"], extra: extra)
                for name in ["cli", "support", "docs", "support-wrong", "docs-wrong"] {
                    _ = try await aics(["bot", "show", "--tenant", tenant, "--name", name], extra: extra)
                    _ = try await aics(["bot", "test", "--tenant", tenant, "--name", name, "-q", "How long does shipping take?"], extra: extra, expect: nil)
                    _ = try await aics(["bot", "test", "--tenant", tenant, "--name", name, "--check"], extra: extra, expect: nil)
                }
            }
            dify.inject(.error(status: 500, code: "internal_server_error", message: "key \(secrets.difyApp) failed"), times: 8, on: nil)
            _ = try await aics(["bot", "test", "--tenant", tenant, "--name", "support", "-q", "Shipping?"], expect: nil)
            _ = try await aics(["bot", "test", "--tenant", tenant, "--name", "support", "--check"], expect: nil)
            try await drain()
            _ = try await aics(["binding", "set", "--tenant", tenant, "--account", "acct-cli", "--bot", "cli", "--mode", "assist"])
            _ = try await aics(["binding", "list", "--tenant", tenant])

            // MARK: Two workers answer while the providers fail
            let workerArguments = ["worker", "--group", "leak", "--shutdown-timeout", "5", "--session-timeout-ms", "3000", "--database-pool-size", "6"]
            let jsonWorker = try WorkerProcessLauncher.launch(
                fixture, workerArguments + ["--log-level", "trace", "--log-format", "json", "--metrics-listen", "127.0.0.1:0"], overrides: overrides)
            let textWorker = try WorkerProcessLauncher.launch(fixture, workerArguments + ["--log-level", "debug", "--log-format", "text"], overrides: overrides)
            defer { for worker in [jsonWorker, textWorker] where worker.process.isRunning { worker.process.terminate() } }
            var sent = 0
            var outcomes: [String] = []
            /// Sends one customer message and waits for its outcome in the ledger.
            func ask(_ account: String, _ conversation: String, seconds: Double = 60) async throws {
                sent += 1
                let id = "m-\(sent)"
                try await fixture.send(id: id, tenant: tenant, account: account, conversation: conversation, text: "How long does shipping take?")
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
            // between failures so that no bot's circuit opens (5 failures in a row) before its
            // last scripted failure is met.
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
            // Records that cannot be accepted: dead letters.
            _ = try await fixture.producer.send(topic: "cs.inbound", key: Array("c-junk".utf8), value: Array("{\"message_id\": \"junk".utf8))
            try await fixture.send(id: "m-stranger", tenant: "nobody-\(UUID().uuidString.prefix(6))", conversation: "c-stranger", text: "Hello?")
            print("outcomes:\n" + outcomes.joined(separator: "\n"))
            #expect(outcomes.contains { $0.contains("[redacted]") }, "an echoed key reached the worker, scrubbed")
            #expect(dify.pendingFailures + openAI.pendingFailures + cliDify.pendingFailures == 0, "every scripted failure was met")

            // What an operator sees afterwards: the bots' status, the workers' endpoints.
            _ = try await call(.get, "/v1/bots")
            for id in try await call(.get, "/v1/bots").json?["bots"]?.arrayValue?.compactMap({ $0["id"]?.stringValue }) ?? [] {
                _ = try await call(.get, "/v1/bots/\(id)")
            }
            for name in ["support", "docs", "cli"] {
                _ = try await aics(["bot", "show", "--tenant", tenant, "--name", name])
            }
            for (name, process) in [("json worker", jsonWorker), ("admin", admin)] {
                let listening = process.log.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
                    .first { $0["message"]?.stringValue == "operations endpoints listening" }
                let address = try #require(listening?["metadata"]?["address"]?.stringValue, "\(name) logs its endpoints' address")
                for path in ["/metrics", "/readyz", "/healthz"] {
                    let response = try await WorkerFixture.httpClient.execute(HTTPRequest(url: "http://\(address)\(path)", timeout: .seconds(10)))
                    captured.add("\(name) \(path)", bytes: response.body)
                }
            }

            // MARK: Collect everything
            listener.cancel()
            let payloads = notifications.payloads.withLock { $0 }
            #expect(payloads.count >= 10, "bots and bindings were announced")
            captured.add("NOTIFY aics_config payloads", payloads.joined(separator: "\n"))
            let topics = ["cs.inbound", "cs.suggestions", "cs.replies", "cs.dead-letter"]
            let outputs = try await fixture.pool.query(
                "SELECT count(*)::text FROM inbound_messages WHERE tenant_id = $1 AND outcome <> 'skip'", [tenant])
            let expected = (sent + 2) + Int(try outputs[0].decode(0, as: String.self))! + 2
            let records = try await fixture.collect(from: topics, seconds: 60) { $0.count >= expected }
            #expect(records.count >= expected, "\(records.count) records on \(topics), expected \(expected)")
            for record in records {
                let name = "\(record.topic)[\(record.partition)]@\(record.offset)"
                captured.add("\(name) key", bytes: record.key ?? [])
                captured.add("\(name) value", bytes: record.value)
                for header in record.headers { captured.add("\(name) header \(header.name)", bytes: Array(header.name.utf8) + header.value) }
            }
            #expect(records.contains { $0.topic == "cs.dead-letter" })

            for process in [jsonWorker, textWorker, admin] {
                process.process.terminate()
                process.process.waitUntilExit()
            }
            for (name, process) in [("json worker", jsonWorker), ("text worker", textWorker), ("admin", admin)] {
                captured.add("\(name) stderr (log)", process.log)
                captured.add("\(name) stdout", process.output)
            }
            #expect(jsonWorker.log.contains("provider failed") || textWorker.log.contains("provider failed"), "the workers logged the failures")

            let columns = try await fixture.pool.query("""
                SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
                WHERE table_schema = $1 ORDER BY table_name, ordinal_position
                """, [fixture.schema])
            #expect(columns.count > 50)
            for column in columns {
                let table = try column.decode(0, as: String.self), name = try column.decode(1, as: String.self)
                let value = try column.decode(2, as: String.self) == "bytea" ? "encode(\"\(name)\", 'escape')" : "\"\(name)\"::text"
                let rows = try await fixture.pool.query("SELECT coalesce(string_agg(\(value), E'\\n'), '') FROM \"\(fixture.schema)\".\"\(table)\"")
                captured.add("postgres \(table).\(name)", try rows[0].decode(0, as: String.self))
            }
            // The keys are there, sealed: the bytea column was searched above as escaped bytes.
            let sealed = try await fixture.pool.query(
                "SELECT count(*)::text FROM bots WHERE tenant_id = $1 AND provider <> 'local' AND secrets IS NOT NULL", [tenant])
            #expect(try sealed[0].decode(0, as: String.self) == "8", "eight bots with sealed keys")

            // MARK: Search
            // Everything searched is kept for diagnosis, one file per piece (the secrets are fakes).
            let folder = NSTemporaryDirectory() + "aics-leak-\(fixture.schema)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (index, piece) in captured.pieces.enumerated() {
                let name = String(format: "%04d ", index) + piece.source.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }.prefix(120)
                FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(piece.bytes))
            }
            var leaks: [CanaryScanner.Leak] = []
            for piece in captured.pieces { leaks += scanner.leaks(in: piece.bytes, source: piece.source) }
            let bytes = captured.pieces.reduce(0) { $0 + $1.bytes.count }
            print("searched \(captured.pieces.count) pieces, \(bytes) bytes, for \(scanner.canaries.count) secrets; kept in \(folder)")
            let report = leaks.map(\.description).joined(separator: "\n")
            #expect(leaks.isEmpty, "\(leaks.count) leaks:\n\(report)")
        }
    }

    final class Notifications: Sendable {
        let listening = Mutex(false)
        let payloads = Mutex<[String]>([])
    }

    /// `url` with `password` in its user info, or nil when it has none to add it to (then the
    /// processes get the fixture's URL and the password canary is not used).
    static func url(_ url: String, password: String) -> String? {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
              !url[scheme.upperBound..<at].contains(":"), !url[scheme.upperBound..<at].isEmpty else { return nil }
        return String(url[..<at]) + ":" + password + String(url[at...])
    }
}
