import Foundation

/// A customer message as the chat platform puts it on `cs.inbound` (DESIGN.md, "Topics";
/// schemas/topics/cs.inbound.schema.json). The worker reads it with `Pipeline.InboundDecoder`.
struct ChatMessage: Codable, Sendable {
    struct Customer: Codable, Sendable {
        var id: String
        var name: String?
    }

    struct Content: Codable, Sendable {
        var type: String
        var text: String
    }

    var messageID: String
    var tenantID: String
    var accountID: String
    var channel: String
    var conversationID: String
    var customer: Customer
    var agentID: String?
    var content: Content
    var sentAt: String

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case tenantID = "tenant_id"
        case accountID = "account_id"
        case channel
        case conversationID = "conversation_id"
        case customer
        case agentID = "agent_id"
        case content
        case sentAt = "sent_at"
    }
}
