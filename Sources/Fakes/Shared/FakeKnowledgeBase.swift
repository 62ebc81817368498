import Providers

/// The small knowledge base a fake answers from: question/answer documents, searched by token
/// overlap so that answers and sources are deterministic.
public struct FakeKnowledgeBase: Sendable {
    /// One document (a Dify segment, an OpenAI vector-store file).
    public struct Document: Sendable, Equatable {
        /// Stable UUID-shaped id derived from the question.
        public var id: String
        /// Document name, e.g. "refunds.md".
        public var name: String
        public var question: String
        public var answer: String
        /// The synced document (Dify) or file (OpenAI) this segment belongs to; nil for the
        /// configured knowledge, whose segments stand for themselves.
        public var ownerID: String? = nil
        /// Question and answer, the text sources quote.
        public var content: String { "\(question)\n\(answer)" }
    }

    public struct Hit: Sendable, Equatable {
        public var document: Document
        /// Share of the query's tokens found in the document, 0...1.
        public var score: Double
    }

    public private(set) var documents: [Document]
    /// The overlap tokens of each document's question and answer, computed once.
    private let documentTokens: [(question: Set<String>, answer: Set<String>)]
    /// Hits below this score are not returned.
    public var minimumScore: Double

    public init(entries: [KnowledgeEntry], minimumScore: Double = 0.3) {
        documents = entries.map { entry in
            let topic = entry.tags.first ?? "faq"
            return Document(
                id: FakeIdentifiers.stableUUID(entry.question),
                name: "\(topic).md",
                question: entry.question,
                answer: entry.answer
            )
        }
        documentTokens = documents.map { (OverlapTokenizer.tokens($0.question), OverlapTokenizer.tokens($0.answer)) }
        self.minimumScore = minimumScore
    }

    /// A knowledge base of ready-made segments (e.g. synced documents cut into segments).
    public init(documents: [Document], minimumScore: Double = 0.3) {
        self.documents = documents
        documentTokens = documents.map { (OverlapTokenizer.tokens($0.question), OverlapTokenizer.tokens($0.answer)) }
        self.minimumScore = minimumScore
    }

    /// The bilingual sample FAQ the demo also uses.
    public static let sample = FakeKnowledgeBase(entries: SampleFAQ.entries)

    /// Documents matching `query`, best first (ties keep document order), at most `limit`.
    public func search(_ query: String, limit: Int = 4) -> [Hit] {
        let queryTokens = OverlapTokenizer.tokens(query)
        guard !queryTokens.isEmpty else { return [] }
        var hits: [Hit] = []
        for (document, tokens) in zip(documents, documentTokens) {
            // The question counts fully; the answer's words help but cannot carry a match alone.
            let questionTokens = tokens.question
            let answerTokens = tokens.answer
            var matched = 0.0
            for token in queryTokens {
                if questionTokens.contains(token) {
                    matched += 1
                } else if answerTokens.contains(token) {
                    matched += 0.5
                }
            }
            let score = (matched / Double(queryTokens.count) * 1000).rounded() / 1000
            if score >= minimumScore { hits.append(Hit(document: document, score: score)) }
        }
        let ranked = hits.enumerated().sorted { lhs, rhs in
            lhs.element.score != rhs.element.score ? lhs.element.score > rhs.element.score : lhs.offset < rhs.offset
        }
        return ranked.prefix(max(0, limit)).map(\.element)
    }
}
