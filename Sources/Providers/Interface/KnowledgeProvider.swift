/// A bot's answer source: Dify, OpenAI or the local knowledge base, behind one interface.
///
/// Implementations throw only `ProviderFailure`, already classified so that the pipeline can act
/// on it (retry later, hand off, start a new conversation, ...).
public protocol KnowledgeProvider: Sendable {
    /// Asks the bot `question`, continuing the conversation its `memory` points at. When the
    /// provider has lost that conversation, implementations start a new one and ask once more
    /// (`MemoryRecovery.run`); the answer carries the memory to store either way.
    func answer(_ question: ProviderQuestion) async throws(ProviderFailure) -> ProviderAnswer

    /// Sources only, for previews: the knowledge base's best matches for `query`.
    func sources(for query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource]

    /// Checks the bot's keys and ids against the provider without asking a question.
    func checkCredentials() async -> CredentialCheck
}

extension KnowledgeProvider {
    /// Providers without credentials (the local knowledge base) have nothing to check.
    public func checkCredentials() async -> CredentialCheck {
        CredentialCheck(items: [CredentialCheck.Item(subject: "no credentials needed")])
    }
}
