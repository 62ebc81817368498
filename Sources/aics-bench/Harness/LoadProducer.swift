import Foundation
import Kafka

/// Produces the inbound records of a run, either at an offered rate or as fast as the producer
/// takes them, and remembers when each one was handed to the producer (seconds since the run's epoch).
struct LoadProducer {
    let producer: KafkaProducer
    let topic: String
    let tenantID: String
    let accountID: String

    /// A valid `cs.inbound` record (see schemas/topics/cs.inbound.schema.json).
    /// `text` is put in the JSON as is: no quotes, backslashes or control characters.
    /// `agentID`: the conversation's agent (auto mode asks this agent's presence).
    func record(
        messageID: String, conversationID: String, text: String, sentAt: String = Date().formatted(.iso8601), accountID: String? = nil,
        agentID: String? = nil
    ) -> KafkaProducerRecord {
        let agent = agentID.map { ",\"agent_id\":\"\($0)\"" } ?? ""
        let value = """
            {"message_id":"\(messageID)","tenant_id":"\(tenantID)","account_id":"\(accountID ?? self.accountID)","channel":"web",\
            "conversation_id":"\(conversationID)","customer":{"id":"\(conversationID)-customer"}\(agent),\
            "content":{"type":"text","text":"\(text)"},"sent_at":"\(sentAt)"}
            """
        return KafkaProducerRecord(topic: topic, key: conversationID, value: value)
    }

    /// One message on each of `count` fresh conversations; not measured.
    func warmUp(_ plan: LoadPlan, count: Int) async throws {
        let records = (0..<count).map { record(messageID: plan.warmUpMessageID($0), conversationID: plan.warmUpConversationID($0), text: Self.questions[$0 % Self.questions.count]) }
        try await producer.send(records)
    }

    /// Produces the plan's messages in index order at `rate` messages per second (nil: as fast as
    /// possible, in batches) and returns each message's produce time.
    func produce(_ plan: LoadPlan, rate: Double?, clock: @Sendable () -> Double) async throws -> [Double] {
        var produced = [Double](repeating: 0, count: plan.messages)
        let start = clock()
        var next = 0
        while next < plan.messages {
            let due: Int
            if let rate {
                due = min(plan.messages, Int((clock() - start) * rate) + 1)
                if due <= next {
                    try await Task.sleep(for: .milliseconds(2))
                    continue
                }
            } else {
                due = min(plan.messages, next + 5000)
            }
            let sentAt = Date().formatted(.iso8601)
            let records = (next..<due).map { index in
                record(messageID: plan.messageID(index), conversationID: plan.conversationID(index), text: Self.questions[index % Self.questions.count], sentAt: sentAt)
            }
            let now = clock()
            for index in next..<due { produced[index] = now }
            try await producer.send(records)
            next = due
        }
        return produced
    }

    /// The question every message asks (the fake's knowledge base answers it).
    static let questions = ["What is your return policy?"]
}
