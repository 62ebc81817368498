import Catalog
import Fakes
import Foundation
import JSON
import Pipeline
import Postgres
import Testing

/// Provider failover along a binding's chain of bots, end to end: embedded Kafka, real Postgres,
/// the Dify and OpenAI fakes over HTTP, a local bot.
@Suite("Worker failover to a binding's fallback bots", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct WorkerFailoverTests {
    /// The binding through the store the CLI and the admin API use (it checks the fallback bots).
    func bind(_ fixture: WorkerFixture, tenant: String, bot: UUID, mode: Mode, fallbacks: [UUID], fallbackText: String? = nil) async throws {
        try await BindingStore(pool: fixture.pool).set(Binding(
            tenantID: tenant, accountID: "acct", botID: bot, mode: mode, fallbackText: fallbackText, fallbackBotIDs: fallbacks))
    }

    struct HistoryRow {
        var botID: String
        var provider: String
        var kind: String
        var skipped: JSONValue?
    }

    func history(_ fixture: WorkerFixture, tenant: String) async throws -> [String: HistoryRow] {
        let rows = try await fixture.pool.query(
            "SELECT message_ids[1], bot_id::text, provider, kind, skipped_bots::text FROM reply_history WHERE tenant_id = $1", [tenant])
        var byMessage: [String: HistoryRow] = [:]
        for row in rows {
            byMessage[try row.decode(0, as: String.self)] = HistoryRow(
                botID: try row.decode(1), provider: try row.decode(2), kind: try row.decode(3),
                skipped: try row.decode(4, as: String?.self).map { try JSONParser.parse(Array($0.utf8)) })
        }
        return byMessage
    }

    static func skippedReasons(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue }
    }

    @Test("quota exhausted on the Dify bot: hosted conversations keep getting answers from the OpenAI bot, and the output and history say so")
    func quotaExhaustedPrimaryFailsOver() async throws {
        let dify = try await DifyFake.start()
        let openAI = try await OpenAIFake.start()
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let primary = try await fixture.difyBot(tenant: tenant, fake: dify)
            let secondary = try await fixture.openAIBot(tenant: tenant, fake: openAI)
            let last = try await fixture.localBot(tenant: tenant)
            try await bind(fixture, tenant: tenant, bot: primary, mode: .hosted, fallbacks: [secondary, last], fallbackText: "We will get back to you.")
            dify.inject(.providerQuotaExceeded, times: 1)
            try await fixture.withWorker { _ in
                try await fixture.send(id: "m1", tenant: tenant, conversation: "c1", text: "How long do I have to request a refund?")
                _ = try await fixture.read(1, from: ["cs.replies"])
                try await fixture.send(id: "m2", tenant: tenant, conversation: "c1", text: "怎么申请退款？")
                try await fixture.send(id: "m3", tenant: tenant, conversation: "c2", text: "How long do I have to request a refund?")
                let replies = try await fixture.read(3, from: ["cs.replies"]).map(OutputRecord.init)
                let openAIID = secondary.uuidString.lowercased()
                for reply in replies {
                    #expect(reply.kind == "answer", "\(reply.json)")
                    #expect(reply.json["bot_id"]?.stringValue == openAIID && reply.json["provider"]?.stringValue == "openai")
                    let skipped = reply.json["skipped_bots"]?.arrayValue ?? []
                    #expect(skipped.count == 1)
                    #expect(skipped.first?["bot_id"]?.stringValue == primary.uuidString.lowercased())
                    #expect(skipped.first?["provider"]?.stringValue == "dify")
                    #expect(skipped.first?["reason"]?.stringValue == "quota_exhausted")
                }
                // The first failure marked the Dify bot; later messages pass it over without asking.
                #expect(dify.requestCount(.chat) == 1)
                let status = try await fixture.pool.query("SELECT status FROM bots WHERE id = $1::uuid", [primary.uuidString.lowercased()])
                #expect(try status[0].decode(0, as: String.self) == "quota_exhausted")

                let rows = try await Deadline.run(30, "history rows") {
                    while true {
                        let rows = try await history(fixture, tenant: tenant)
                        if rows.count == 3 { return rows }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                for id in ["m1", "m2", "m3"] {
                    let row = try #require(rows[id])
                    #expect(row.botID == openAIID && row.provider == "openai" && row.kind == "answer")
                    #expect(Self.skippedReasons(row.skipped) == ["quota_exhausted"])
                }
                // The analyst's view: three answers the OpenAI bot gave after the Dify bot was passed over.
                let failovers = try await fixture.pool.query(
                    "SELECT skipped_provider, reason, answered_by, kind, outputs::int FROM analytics_failovers WHERE tenant_id = $1", [tenant])
                #expect(failovers.count == 1)
                #expect(try failovers.first.map {
                    [try $0.decode(0, as: String.self), try $0.decode(1), try $0.decode(2), try $0.decode(3), String(try $0.decode(4, as: Int.self))]
                } == ["dify", "quota_exhausted", "openai", "answer", "3"])
                // Memory is per bot: the OpenAI bot's chain for c1 carries both turns; the Dify bot has none.
                let memories = try await fixture.pool.query(
                    "SELECT bot_id::text FROM conversation_memory WHERE tenant_id = $1 AND conversation_id = 'c1'", [tenant])
                #expect(try memories.map { try $0.decode(0, as: String.self) } == [openAIID])
            }
        }
        await dify.stop()
        await openAI.stop()
    }

    @Test("a failing OpenAI bot hands over to the local bot after its retries; a bot without an answer ends the chain; when every bot fails, the fallback text")
    func serverErrorsFailOverToLocalThenFallback() async throws {
        let openAI = try await OpenAIFake.start()
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let primary = try await fixture.openAIBot(tenant: tenant, fake: openAI)
            let local = try await fixture.localBot(tenant: tenant)
            try await bind(fixture, tenant: tenant, bot: primary, mode: .hosted, fallbacks: [local], fallbackText: "We will get back to you.")
            openAI.inject(.serverError, times: 1000)
            let caller = ProviderCaller(retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(20)))
            try await fixture.withWorker(caller: caller) { _ in
                try await fixture.send(id: "m1", tenant: tenant, conversation: "c1", text: "How long does shipping take?")
                try await fixture.send(id: "m2", tenant: tenant, conversation: "c1", text: "Do you sell gift cards for pets?")
                let replies = try await fixture.read(2, from: ["cs.replies"]).map(OutputRecord.init)
                let first = try #require(replies.first { $0.inReplyTo == "m1" })
                #expect(first.kind == "answer" && first.text == "We ship within 24 hours on weekdays.")
                #expect(first.json["bot_id"]?.stringValue == local.uuidString.lowercased() && first.json["provider"]?.stringValue == "local")
                let reasons = Self.skippedReasons(first.json["skipped_bots"])
                #expect(reasons == ["failed_after_retries"] || reasons == ["circuit_open"], "\(reasons)")
                // The local bot has no answer: not a reason to fail over, so the binding's no-answer
                // path (a handoff) follows, with the chain recorded.
                let second = try #require(replies.first { $0.inReplyTo == "m2" })
                #expect(second.kind == "handoff" && second.reason == "no_answer", "\(second.json)")
                #expect(second.json["bot_id"]?.stringValue == local.uuidString.lowercased())
                #expect(Self.skippedReasons(second.json["skipped_bots"]).count == 1)
                // Every bot of the chain fails (the local one is disabled): the fallback text, from the last bot asked.
                try await BotStore(pool: fixture.pool, secretBox: WorkerFixture.secretBox).setStatus(id: local, .disabled, reason: "test")
                try await Task.sleep(for: .seconds(1))  // the workers' configuration cache hears of it by NOTIFY
                try await fixture.send(id: "m3", tenant: tenant, conversation: "c2", text: "How long does shipping take?")
                let third = try #require(try await fixture.read(3, from: ["cs.replies"]).map(OutputRecord.init).first { $0.inReplyTo == "m3" })
                #expect(third.kind == "fallback" && third.text == "We will get back to you.", "\(third.json)")
                #expect(third.json["bot_id"]?.stringValue == local.uuidString.lowercased())
                #expect(Self.skippedReasons(third.json["skipped_bots"]).count == 1)
            }
        }
        await openAI.stop()
    }

    @Test("no answer is not a failure: the fallback bots are not asked, and the suggestion carries no skipped bots")
    func noAnswerDoesNotFailOver() async throws {
        let openAI = try await OpenAIFake.start()
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let local = try await fixture.localBot(tenant: tenant)
            let fallback = try await fixture.openAIBot(tenant: tenant, fake: openAI)
            try await bind(fixture, tenant: tenant, bot: local, mode: .assist, fallbacks: [fallback])
            try await fixture.withWorker { _ in
                try await fixture.send(id: "m1", tenant: tenant, conversation: "c1", text: "Do you sell gift cards for pets?")
                try await fixture.send(id: "m2", tenant: tenant, conversation: "c1", text: "How long does shipping take?")
                let suggestions = try await fixture.read(2, from: ["cs.suggestions"]).map(OutputRecord.init)
                #expect(suggestions.first { $0.inReplyTo == "m1" }?.kind == "suggestion_failed")
                #expect(suggestions.first { $0.inReplyTo == "m2" }?.kind == "suggestion")
                #expect(suggestions.allSatisfy { $0.json["skipped_bots"] == nil && $0.json["provider"]?.stringValue == "local" })
                #expect(openAI.requestCount(.responses) == 0)
            }
        }
        await openAI.stop()
    }

    @Test("bindings refuse fallback bots of another tenant, the binding's own bot, duplicates and mode off; a bot in a chain cannot be deleted")
    func bindingRules() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let stranger = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant, name: "a")
            let other = try await fixture.localBot(tenant: tenant, name: "b")
            let foreign = try await fixture.localBot(tenant: stranger, name: "c")
            let store = BindingStore(pool: fixture.pool)
            func attempt(_ mode: Mode, _ fallbacks: [UUID]) async -> (any Error)? {
                do {
                    try await store.set(Binding(tenantID: tenant, accountID: "acct", botID: mode == .off ? nil : bot, mode: mode, fallbackBotIDs: fallbacks))
                    return nil
                } catch { return error }
            }
            #expect(await attempt(.hosted, [foreign]) as? CatalogError == .botOfAnotherTenant)
            #expect((await attempt(.hosted, [bot]) as? InputError)?.field == .fallbackBots)
            #expect((await attempt(.hosted, [other, other]) as? InputError)?.field == .fallbackBots)
            #expect((await attempt(.off, [other]) as? InputError)?.field == .fallbackBots)
            #expect(await attempt(.hosted, [other]) == nil)
            let stored = try await store.resolve(tenantID: tenant, accountID: "acct", conversationID: "c")
            #expect(stored?.fallbackBotIDs == [other])
            let bots = BotStore(pool: fixture.pool, secretBox: WorkerFixture.secretBox)
            await #expect(throws: CatalogError.inUse(bindings: 1)) { _ = try await bots.delete(id: other) }
        }
    }
}
