/// The `local` provider: answers from a bot's own question/answer entries, searched in memory.
/// It needs no network and has no conversation memory; below the bot's threshold it says
/// "no answer" rather than guess.
public struct LocalKnowledgeProvider: KnowledgeProvider {
    public let index: KnowledgeIndex
    /// The lowest normalized score (0...1) that counts as an answer.
    public let threshold: Double
    /// Sources returned with an answer.
    public let sourceLimit: Int

    public static let defaultThreshold = 0.3

    public init(entries: [KnowledgeEntry], threshold: Double = defaultThreshold, sourceLimit: Int = 3) {
        self.init(index: KnowledgeIndex(entries: entries), threshold: threshold, sourceLimit: sourceLimit)
    }

    public init(index: KnowledgeIndex, threshold: Double = defaultThreshold, sourceLimit: Int = 3) {
        self.index = index
        self.threshold = threshold
        self.sourceLimit = sourceLimit
    }

    public func answer(_ question: ProviderQuestion) async throws(ProviderFailure) -> ProviderAnswer {
        try answerNow(question)
    }

    /// The same as `answer`, synchronously (no I/O happens).
    public func answerNow(_ question: ProviderQuestion) throws(ProviderFailure) -> ProviderAnswer {
        var matches = index.search(question.text, limit: sourceLimit, minimumScore: threshold)
        // In a merged burst the last message is often the real question ("hi" / "refund?").
        if matches.isEmpty, question.messages.count > 1, let last = question.messages.last {
            matches = index.search(last, limit: sourceLimit, minimumScore: threshold)
        }
        guard let best = matches.first else {
            throw ProviderFailure(.noAnswer, message: "no knowledge entry reaches the threshold \(threshold)")
        }
        return ProviderAnswer(
            text: best.entry.answer, sources: matches.map(Self.source), usage: nil, ids: ProviderIDs(), memory: nil)
    }

    public func sources(for query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource] {
        index.search(query, limit: limit).map(Self.source)
    }

    static func source(_ match: KnowledgeIndex.Match) -> ProviderSource {
        ProviderSource(title: match.entry.question, snippet: match.entry.answer, score: match.score, documentID: match.entry.id)
    }
}
