/// A customer message from `cs.inbound`, after validation (see schemas/topics/cs.inbound.schema.json).
public struct InboundMessage: Sendable, Equatable {
    public struct Customer: Sendable, Equatable {
        public var id: String
        public var name: String?

        public init(id: String, name: String? = nil) {
            self.id = id
            self.name = name
        }
    }

    public var messageID: String
    public var tenantID: String
    public var accountID: String
    public var channel: String
    public var conversationID: String
    public var customer: Customer
    public var agentID: String?
    public var contentType: String
    public var text: String
    /// RFC 3339, as the chat platform sent it.
    public var sentAt: String

    public init(
        messageID: String, tenantID: String, accountID: String, channel: String, conversationID: String,
        customer: Customer, agentID: String? = nil, contentType: String = "text", text: String, sentAt: String
    ) {
        self.messageID = messageID
        self.tenantID = tenantID
        self.accountID = accountID
        self.channel = channel
        self.conversationID = conversationID
        self.customer = customer
        self.agentID = agentID
        self.contentType = contentType
        self.text = text
        self.sentAt = sentAt
    }
}
