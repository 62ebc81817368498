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
                    (message.messageID, try await ledger.claim(message, topic: "cs.inbound", partition: 0, offset: Int64(index)))
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
                        messageID: message.messageID, outcome: "reply", reason: nil, output: output, memory: nil) == nil)
                    expected[message.messageID] = .republish(output)
                case 1:
                    try await ledger.recordSkip(messageID: message.messageID, reason: "mode_off")
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
}
