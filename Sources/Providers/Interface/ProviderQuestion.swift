import Foundation

/// One question to a bot: one or several merged customer messages of a conversation.
public struct ProviderQuestion: Sendable, Equatable {
    public var tenantID: String
    public var customerID: String
    /// The customer's messages, oldest first (several when a burst was merged).
    public var messages: [String]
    /// What the provider remembers of this conversation from earlier turns; nil starts anew.
    public var memory: ProviderMemory?

    public init(tenantID: String, customerID: String, messages: [String], memory: ProviderMemory? = nil) {
        self.tenantID = tenantID
        self.customerID = customerID
        self.messages = messages
        self.memory = memory
    }

    /// The messages as one question text, one message per line.
    public var text: String {
        messages.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
