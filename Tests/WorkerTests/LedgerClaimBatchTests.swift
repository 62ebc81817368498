import Foundation
import Pipeline
import Postgres
import Testing

@Suite("Ledger: claims of concurrent messages share statements", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct LedgerClaimBatchTests {
    static func message(_ id: String, tenant: String) -> InboundMessage {
        InboundMessage(
            messageID: id, tenantID: tenant, accountID: "acct", channel: "web", conversationID: "c-\(id)",
            customer: InboundMessage.Customer(id: "customer"), text: "hello", sentAt: "2026-11-25T00:00:00Z")
    }

    static func claimAll(_ ledger: Ledger, _ messages: [InboundMessage]) async throws -> [(String, Ledger.Claim)] {
        try await withThrowingTaskGroup(of: (String, Ledger.Claim).self) { group in
            for (index, message) in messages.enumerated() {
                group.addTask {
                    (message.messageID, try await ledger.claim(message, topic: "cs.inbound", partition: 0, offset: Int64(index)).claim)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("each of 300 concurrent claims gets its own result: new, stored output byte for byte, or finished")
    func concurrentClaims() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let ledger = Ledger(pool: fixture.pool)
            let messages = (0..<300).map { Self.message("\(tenant)-m\($0)", tenant: tenant) }

            let first = try await Self.claimAll(ledger, messages)
            #expect(first.count == 300)
            #expect(first.allSatisfy { $0.1 == .work })
            let rows = try await fixture.pool.query("SELECT count(*)::bigint FROM inbound_messages WHERE tenant_id = $1", [tenant])
            #expect(try rows[0].decode(0, as: Int.self) == 300)

            // A third answered (with a payload that needs escaping), a third skipped, a third untouched.
            var expected: [String: Ledger.Claim] = [:]
            for (index, message) in messages.enumerated() {
                switch index % 3 {
                case 0:
                    let output = Ledger.StoredOutput(
                        outputID: "out-\(index)", topic: "cs.replies", payload: "{\"text\": \"答 \\\"\(index)\\\" ,{}\"}")
                    #expect(try await ledger.recordOutput(
                        message, outcome: "reply", reason: nil, output: output, memory: nil) == nil)
                    expected[message.messageID] = .republish(output)
                case 1:
                    try await ledger.recordSkip(message, reason: "mode_off")
                    expected[message.messageID] = .finished
                default:
                    expected[message.messageID] = .work
                }
            }

            // Redelivered, some twice at once.
            let again = try await Self.claimAll(ledger, messages + messages.prefix(30))
            #expect(again.count == 330)
            for (id, claim) in again { #expect(claim == expected[id], "message \(id)") }
            let after = try await fixture.pool.query("SELECT count(*)::bigint FROM inbound_messages WHERE tenant_id = $1", [tenant])
            #expect(try after[0].decode(0, as: Int.self) == 300)
        }
    }

    @Test("outputs of 200 concurrent messages are stored with their memories; a second answer gets the first one back")
    func concurrentOutputsAndMemory() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let ledger = Ledger(pool: fixture.pool)
            let bot = try await fixture.localBot(tenant: tenant)
            let messages = (0..<200).map { Self.message("\(tenant)-m\($0)", tenant: tenant) }
            let claims = try await Self.claimAll(ledger, messages)
            #expect(claims.allSatisfy { $0.1 == .work })

            func output(_ index: Int, _ variant: String) -> Ledger.StoredOutput {
                Ledger.StoredOutput(outputID: "out-\(index)", topic: "cs.replies", payload: "{\"text\": \"\(variant) \(index)\"}")
            }
            func memory(_ message: InboundMessage, _ id: String) -> Ledger.MemoryUpdate {
                Ledger.MemoryUpdate(tenantID: tenant, conversationID: message.conversationID, botID: bot, provider: "dify", memory: .difyConversation(id: id))
            }
            // Every message answered twice at once (two workers): exactly one answer wins per message.
            let results = try await withThrowingTaskGroup(of: (Int, String, Ledger.StoredOutput?).self) { group in
                for (index, message) in messages.enumerated() {
                    for variant in ["first", "second"] {
                        group.addTask {
                            let earlier = try await ledger.recordOutput(
                                message, outcome: "reply", reason: nil, output: output(index, variant),
                                memory: memory(message, "conv-\(variant)-\(index)"))
                            return (index, variant, earlier)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var winners: [Int: String] = [:]
            for index in 0..<200 {
                let pair = results.filter { $0.0 == index }
                let won = pair.filter { $0.2 == nil }
                #expect(won.count == 1, "message \(index)")
                if let winner = won.first, let loser = pair.first(where: { $0.2 != nil }) {
                    #expect(loser.2 == output(index, winner.1))
                    winners[index] = winner.1
                }
            }

            // The next claim of each conversation carries the stored memory for the bot.
            let next = (0..<200).map { index in
                InboundMessage(
                    messageID: "\(tenant)-next\(index)", tenantID: tenant, accountID: "acct", channel: "web",
                    conversationID: messages[index].conversationID, customer: InboundMessage.Customer(id: "customer"), text: "again",
                    sentAt: "2026-11-25T00:00:00Z")
            }
            let recalled = try await withThrowingTaskGroup(of: (Int, Ledger.Claimed).self) { group in
                for (index, message) in next.enumerated() {
                    group.addTask { (index, try await ledger.claim(message, topic: "cs.inbound", partition: 0, offset: Int64(1000 + index))) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (index, claimed) in recalled {
                #expect(claimed.claim == .work)
                guard case .difyConversation(let id)? = claimed.memories[bot] else {
                    Issue.record("no memory for conversation \(index)")
                    continue
                }
                // The winner's memory, never the memory of the answer that lost and was never sent.
                #expect(id == "conv-\(winners[index] ?? "?")-\(index)")
                #expect(claimed.memories.count == 1)
            }
        }
    }

    @Test("two tenants' message m-1 are two messages: each claimed, answered and redelivered on its own")
    func sameMessageIDAcrossTenants() async throws {
        try await WorkerFixture.with { fixture in
            let (acme, globex) = ("acme-\(UUID())", "globex-\(UUID())")
            let ledger = Ledger(pool: fixture.pool)
            let acmeMessage = Self.message("m-1", tenant: acme)
            let globexMessage = Self.message("m-1", tenant: globex)
            #expect(try await ledger.claim(acmeMessage, topic: "cs.inbound", partition: 0, offset: 1).claim == .work)
            let acmeOutput = Ledger.StoredOutput(outputID: "r-acme", topic: "cs.replies", payload: "{\"tenant_id\":\"\(acme)\"}")
            #expect(try await ledger.recordOutput(acmeMessage, outcome: "reply", reason: nil, output: acmeOutput, memory: nil) == nil)

            // globex's m-1 is new work, not acme's stored answer.
            #expect(try await ledger.claim(globexMessage, topic: "cs.inbound", partition: 0, offset: 2).claim == .work)
            let globexOutput = Ledger.StoredOutput(outputID: "r-globex", topic: "cs.replies", payload: "{\"tenant_id\":\"\(globex)\"}")
            #expect(try await ledger.recordOutput(globexMessage, outcome: "reply", reason: nil, output: globexOutput, memory: nil) == nil)

            // Redeliveries find each tenant's own answer.
            #expect(try await ledger.claim(acmeMessage, topic: "cs.inbound", partition: 0, offset: 1).claim == .republish(acmeOutput))
            #expect(try await ledger.claim(globexMessage, topic: "cs.inbound", partition: 0, offset: 2).claim == .republish(globexOutput))
            try await ledger.markPublished([Ledger.MessageKey(tenantID: globex, messageID: "m-1")])
            let states = try await fixture.pool.query(
                "SELECT tenant_id, state FROM inbound_messages WHERE message_id = 'm-1' AND tenant_id = ANY($1::text[]) ORDER BY tenant_id",
                [[acme, globex]])
            #expect(try states.map { try $0.decode(1, as: String.self) } == ["answered", "published"])
        }
    }

    @Test("claims count attempts; a retry after an outage does not; the last error is kept")
    func attemptsAreCounted() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let ledger = Ledger(pool: fixture.pool)
            let message = Self.message("m-attempts", tenant: tenant)
            #expect(try await ledger.claim(message, topic: "cs.inbound", partition: 0, offset: 1).attempts == 1)
            try await ledger.recordAttemptError(message, error: "postgres server [22021]: bad bytes")
            let second = try await ledger.claim(message, topic: "cs.inbound", partition: 0, offset: 1)
            #expect(second.attempts == 2)
            #expect(second.lastError == "postgres server [22021]: bad bytes")
            #expect(try await ledger.claim(message, topic: "cs.inbound", partition: 0, offset: 1, counted: false).attempts == 2)
            try await ledger.recordExhausted(message, reason: "attempts_exhausted: gave up")
            let finished = try await ledger.claim(message, topic: "cs.inbound", partition: 0, offset: 1)
            #expect(finished.claim == .finished)
            #expect(finished.attempts == 2)
        }
    }
}
