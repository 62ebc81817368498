import Foundation
import Kafka

/// Produces the plan's messages at the offered rate: valid records through `LoadProducer`
/// (each in its conversation's account), malformed ones (no `content`) as they are.
struct ChaosLoad {
    let load: LoadProducer
    let plan: ChaosPlan

    func record(_ index: Int, sentAt: String) -> KafkaProducerRecord {
        let conversation = plan.conversation(of: index)
        let conversationID = plan.conversationID(conversation)
        let account = plan.account(ofConversation: conversation).id
        guard !plan.isMalformed(index) else {
            // Valid JSON with a message id, but no content: the worker must dead-letter it (schema).
            let value = """
                {"message_id":"\(plan.messageID(index))","tenant_id":"\(load.tenantID)","account_id":"\(account)","channel":"web",\
                "conversation_id":"\(conversationID)","customer":{"id":"\(conversationID)-customer"},"sent_at":"\(sentAt)"}
                """
            return KafkaProducerRecord(topic: load.topic, key: conversationID, value: value)
        }
        return load.record(messageID: plan.messageID(index), conversationID: conversationID, text: plan.text(index), sentAt: sentAt, accountID: account)
    }

    /// Produces every message in index order at `rate` per second; returns each one's produce time.
    func produce(rate: Double, clock: @Sendable () -> Double) async throws -> [Double] {
        var produced = [Double](repeating: 0, count: plan.messages)
        let start = clock()
        var next = 0
        while next < plan.messages {
            let due = min(plan.messages, Int((clock() - start) * rate) + 1)
            if due <= next {
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            let sentAt = Date().formatted(.iso8601)
            let records = (next..<due).map { record($0, sentAt: sentAt) }
            let now = clock()
            for index in next..<due { produced[index] = now }
            try await load.producer.send(records)
            next = due
        }
        return produced
    }
}
