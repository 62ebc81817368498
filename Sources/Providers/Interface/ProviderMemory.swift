/// The provider's handle on a conversation, stored per chat conversation between turns.
public enum ProviderMemory: Sendable, Hashable, Codable {
    /// Dify's `conversation_id` (scoped to the Dify `user`).
    case difyConversation(id: String)
    /// OpenAI's `previous_response_id` for the next turn.
    case openAIResponse(id: String)
}
