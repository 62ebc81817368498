/// One question/answer pair of a knowledge base, as imported from CSV, JSON Lines or Markdown.
public struct KnowledgeEntry: Sendable, Hashable, Codable {
    /// The stored entry's id (e.g. its database key); nil for entries fresh from an import.
    public var id: String?
    public var question: String
    public var answer: String
    /// Free-form labels, e.g. "refunds"; the first one names the entry's topic in sources.
    public var tags: [String]

    public init(id: String? = nil, question: String, answer: String, tags: [String] = []) {
        self.id = id
        self.question = question
        self.answer = answer
        self.tags = tags
    }
}
