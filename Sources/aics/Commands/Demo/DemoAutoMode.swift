import Foundation
import Postgres

/// The demo's auto-mode act: an agent is online, so each customer message becomes a suggestion;
/// in one conversation the agent answers in time (nothing is sent), in the other the agent stays
/// silent and the suggestion goes to the customer when the reply timeout passes.
struct DemoAutoMode {
    static let account = "demo-auto"
    static let replyTimeout: Duration = .seconds(5)
    static let agent = "agent-chen"

    let scenario: DemoScenario
    let inbound: DemoInbound
    let observer: DemoObserver
    let pool: PostgresPool
    let printer: DemoPrinter

    func play(until deadline: ContinuousClock.Instant) async throws {
        printer.section("auto mode: \(Self.agent) is online, so aics suggests; if nobody answers within \(Self.replyTimeout), it replies")
        try await event(type: "agent_status", key: Self.agent, ["status": "online"])
        try await waitUntil("\(Self.agent)'s presence", deadline: deadline) {
            try await pool.query("SELECT count(*)::int FROM agent_presence WHERE tenant_id = $1 AND status = 'online'", [scenario.tenantID])
                .first?.decode(0, as: Int.self) == 1
        }
        let silent = message(conversation: "conv-1006", customer: ("cust-zhao", "赵敏"), text: "发票怎么开？", number: 1)
        let answered = message(conversation: "conv-1007", customer: ("cust-sam", "Sam"), text: "Do you ship internationally?", number: 1)
        try await inbound.send([silent, answered])
        try await waitUntil("the suggestions", deadline: deadline) {
            observer.output(of: silent.messageID) != nil && observer.output(of: answered.messageID) != nil
        }
        // The agent answers Sam at once; 赵敏 waits.
        try await event(type: "agent_message", key: answered.conversationID, ["conversation_id": answered.conversationID])
        try await waitUntil("the reply timeout of conv-1006", deadline: deadline) { observer.timeoutReply(of: silent.messageID) != nil }
        try await Task.sleep(for: .seconds(1))  // conv-1007's timer was due as well: show that nothing came

        for (chat, agentAnswers) in [(silent, false), (answered, true)] {
            print("\n── \(chat.conversationID) · \(chat.customer.name ?? chat.customer.id) · \(Self.account) · auto mode, \(Self.agent) online ──")
            printer.block("👤 \(chat.customer.name ?? chat.customer.id): ", chat.content.text)
            if let suggestion = observer.output(of: chat.messageID) { printer.block("💡 suggestion for \(Self.agent): ", suggestion.text) }
            if agentAnswers {
                printer.block("🧑‍💼 \(Self.agent) answers: ", "(the agent_message event cancels the reply timer)")
                printer.block("⏰ ", observer.timeoutReply(of: chat.messageID) == nil ? "nothing sent by aics: the agent answered in time" : "sent anyway (unexpected)")
            } else if let reply = observer.timeoutReply(of: chat.messageID) {
                printer.block("⏰ ", "no agent answer within \(Self.replyTimeout): the suggestion goes to the customer")
                printer.block("🤖 reply to \(chat.customer.name ?? chat.customer.id): ", reply.text)
            }
        }
        printer.note(
            "(the reply has reason reply_timeout and its own reply_id; its timer was stored in Postgres with the suggestion, "
                + "so any worker sends it once, also after a crash)")
    }

    private func message(conversation: String, customer: (id: String, name: String), text: String, number: Int) -> ChatMessage {
        ChatMessage(
            messageID: "\(scenario.tenantID)-\(conversation)-\(number)", tenantID: scenario.tenantID, accountID: Self.account, channel: "wecom",
            conversationID: conversation, customer: .init(id: customer.id, name: customer.name), agentID: Self.agent,
            content: .init(type: "text", text: text), sentAt: ISO8601DateFormatter().string(from: Date()))
    }

    /// A record of cs.agent-events (schemas/topics/cs.agent-events.schema.json), as the chat platform sends it.
    private func event(type: String, key: String, _ fields: [String: String]) async throws {
        var object = fields
        object["type"] = type
        object["event_id"] = "e-" + UUID().uuidString.lowercased()
        object["tenant_id"] = scenario.tenantID
        object["agent_id"] = Self.agent
        object["occurred_at"] = ISO8601DateFormatter().string(from: Date())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await inbound.sendRaw([String(decoding: try encoder.encode(object), as: UTF8.self)], key: key, topic: DefaultTopics.agentEvents)
    }

    private func waitUntil(_ what: String, deadline: ContinuousClock.Instant, _ condition: () async throws -> Bool) async throws {
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw ConfigurationError("auto mode: \(what) did not arrive in time; run again with --log-level info") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
