import Foundation

/// A finished Dify answer, from a blocking body or an accumulated stream.
public struct DifyChatResult: Sendable, Equatable {
    public var answer: String
    public var conversationID: String?
    public var messageID: String?
    public var taskID: String?
    public var usage: DifyUsage?
    public var retrieverResources: [DifyRetrieverResource]
    /// Output moderation replaced the answer (`message_replace`).
    public var wasReplaced: Bool

    public init(
        answer: String, conversationID: String?, messageID: String?, taskID: String?,
        usage: DifyUsage?, retrieverResources: [DifyRetrieverResource], wasReplaced: Bool = false
    ) {
        self.answer = answer
        self.conversationID = conversationID
        self.messageID = messageID
        self.taskID = taskID
        self.usage = usage
        self.retrieverResources = retrieverResources
        self.wasReplaced = wasReplaced
    }

    public init(blocking response: DifyChatResponse) {
        self.init(
            answer: response.answer ?? "", conversationID: response.conversationID,
            messageID: response.messageID ?? response.id, taskID: response.taskID,
            usage: response.metadata?.usage, retrieverResources: response.metadata?.retrieverResources ?? [])
    }

    /// The provider-neutral answer; an empty answer is "no answer".
    public func providerAnswer() throws(ProviderFailure) -> ProviderAnswer {
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ProviderFailure(.noAnswer, message: "Dify returned an empty answer") }
        return ProviderAnswer(
            text: text,
            sources: DifySources.from(retrieverResources),
            usage: usage.map { TokenUsage(input: $0.promptTokens, output: $0.completionTokens, total: $0.totalTokens) },
            ids: ProviderIDs(messageID: messageID, requestID: taskID),
            memory: conversationID.flatMap { $0.isEmpty ? nil : ProviderMemory.difyConversation(id: $0) })
    }
}
