import Logging

extension InboundMessage {
    /// The ids every log line about this message carries: tenant, conversation and message.
    public var logMetadata: Logger.Metadata {
        ["tenant": "\(tenantID)", "conversation": "\(conversationID)", "message": "\(messageID)"]
    }
}
