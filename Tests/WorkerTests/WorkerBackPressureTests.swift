import Catalog
import Fakes
import Foundation
import Pipeline
import Postgres
import Testing

@Suite("Worker: provider back-pressure per bot", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct WorkerBackPressureTests {
    @Test("a Dify app capped at 10 concurrent requests answers every message of 100 conversations, in order; another tenant's bot goes on meanwhile")
    func cappedBotAnswersEverything() async throws {
        let fake = try await DifyFake.start(DifyFake.Configuration(maxActiveRequests: 10, latency: .fixed(.milliseconds(500))))
        try await WorkerFixture.with(partitions: 4) { fixture in
            let (capped, other) = ("capped-\(UUID())", "other-\(UUID())")
            try await fixture.bind(tenant: capped, account: "acct", bot: try await fixture.difyBot(tenant: capped, fake: fake, knowledge: false), mode: "hosted")
            try await fixture.bind(tenant: other, account: "acct", bot: try await fixture.localBot(tenant: other), mode: "hosted")
            let conversations = 100, perConversation = 3
            for turn in 0..<perConversation {
                for conversation in 0..<conversations {
                    try await fixture.send(
                        id: "\(capped)-c\(conversation)-\(turn)", tenant: capped, conversation: "\(capped)-c\(conversation)",
                        text: "How long do I have to request a refund?")
                }
            }
            for index in 0..<50 {
                try await fixture.send(id: "\(other)-\(index)", tenant: other, conversation: "\(other)-c\(index)", text: "How long does shipping take?")
            }
            let started = ContinuousClock.now
            try await fixture.withWorker { runtime in
                let total = conversations * perConversation + 50
                let replies = try await fixture.read(total, from: ["cs.replies"], seconds: 120).map(OutputRecord.init)
                let elapsed = ContinuousClock.now - started
                let others = Self.reasons(of: replies.filter { $0.kind != "answer" })
                #expect(others.isEmpty, "\(others)")
                for conversation in 0..<conversations {
                    let id = "\(capped)-c\(conversation)"
                    let expected = (0..<perConversation).map { "\(id)-\($0)" }
                    #expect(Self.order(of: id, in: replies) == expected)
                }
                // The other tenant's answers do not wait for the capped bot's backlog.
                let otherLast = Self.lastIndex(of: other, in: replies) ?? total
                #expect(otherLast < total / 2, "the other tenant's last answer was number \(otherLast) of \(total)")
                let stats = runtime.caller.admissions.snapshot()
                print("back-pressure: \(conversations * perConversation) capped answers in \(elapsed) (cap 10 / 0.5 s = 20 msg/s); 429s: \(fake.tooManyRequests); stats \(stats)")
                #expect(fake.maxObservedActive <= 10)
            }
        }
        await fake.stop()
    }

    @Test("a message whose bot has no slot within the binding's patience takes the failure path with reason provider_busy")
    func patienceRunsOut() async throws {
        let fake = try await DifyFake.start(DifyFake.Configuration(maxActiveRequests: 1, latency: .fixed(.seconds(2))))
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.difyBot(tenant: tenant, fake: fake, knowledge: false)
            try await fixture.pool.execute("UPDATE bots SET max_concurrency = 1 WHERE id = $1::uuid", [bot.uuidString.lowercased()])
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted", fallback: "One moment please.")
            try await fixture.pool.execute("UPDATE bindings SET patience_ms = 500 WHERE tenant_id = $1", [tenant])
            for index in 0..<3 {
                try await fixture.send(id: "\(tenant)-\(index)", tenant: tenant, conversation: "c\(index)", text: "How long do I have to request a refund?")
            }
            try await fixture.withWorker { _ in
                let replies = try await fixture.read(3, from: ["cs.replies"], seconds: 30).map(OutputRecord.init)
                let busy = replies.filter { $0.kind == "fallback" && $0.reason == "provider_busy" }
                #expect(busy.count == 2, "\(replies.map { "\($0.kind) \($0.reason ?? "-")" })")
                #expect(replies.filter { $0.kind == "answer" }.count == 1)
            }
        }
        await fake.stop()
    }

    static func reasons(of replies: [OutputRecord]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for reply in replies { counts["\(reply.kind) \(reply.reason ?? "-")", default: 0] += 1 }
        return counts
    }

    static func order(of conversation: String, in replies: [OutputRecord]) -> [String] {
        replies.filter { $0.json["conversation_id"]?.stringValue == conversation }.map(\.inReplyTo)
    }

    static func lastIndex(of tenant: String, in replies: [OutputRecord]) -> Int? {
        replies.lastIndex { $0.json["tenant_id"]?.stringValue == tenant }
    }
}
