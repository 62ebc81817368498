import Foundation

/// An in-memory BM25 index over knowledge entries, for the local provider.
///
/// Questions weigh twice as much as answers. Scores are normalized to 0...1 against the query's
/// own best possible score (the same text as a document), so that one threshold works for short
/// and long questions; words the knowledge base never uses count against a match.
public struct KnowledgeIndex: Sendable {
    public struct Match: Sendable, Equatable {
        public var entry: KnowledgeEntry
        /// Position of the entry in the indexed list.
        public var position: Int
        /// Normalized relevance, 0...1.
        public var score: Double
    }

    /// BM25 parameters: term-frequency saturation and length normalization.
    static let k1 = 1.2
    static let b = 0.75
    static let questionWeight = 2

    public let entries: [KnowledgeEntry]
    /// token → postings (entry position, weighted term frequency)
    private let postings: [String: [(position: Int, frequency: Int)]]
    private let lengths: [Int]
    private let averageLength: Double

    public init(entries: [KnowledgeEntry]) {
        self.entries = entries
        var postings: [String: [(position: Int, frequency: Int)]] = [:]
        var lengths: [Int] = []
        lengths.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            var counts: [String: Int] = [:]
            for token in KnowledgeTokenizer.tokens(entry.question) { counts[token, default: 0] += Self.questionWeight }
            for token in KnowledgeTokenizer.tokens(entry.answer) { counts[token, default: 0] += 1 }
            for tag in entry.tags {
                for token in KnowledgeTokenizer.tokens(tag) { counts[token, default: 0] += 1 }
            }
            for (token, count) in counts { postings[token, default: []].append((position, count)) }
            lengths.append(counts.values.reduce(0, +))
        }
        self.postings = postings
        self.lengths = lengths
        self.averageLength = lengths.isEmpty ? 1 : max(1, Double(lengths.reduce(0, +)) / Double(lengths.count))
    }

    private func idf(documentFrequency: Int) -> Double {
        let n = Double(entries.count)
        return log(1 + (n - Double(documentFrequency) + 0.5) / (Double(documentFrequency) + 0.5))
    }

    private func termScore(idf: Double, frequency: Int, length: Int) -> Double {
        let tf = Double(frequency)
        let norm = Self.k1 * (1 - Self.b + Self.b * Double(length) / averageLength)
        return idf * tf * (Self.k1 + 1) / (tf + norm)
    }

    /// The best `limit` entries for `query` with a normalized score of at least `minimumScore`.
    public func search(_ query: String, limit: Int = 5, minimumScore: Double = 0) -> [Match] {
        var queryCounts: [String: Int] = [:]
        for token in KnowledgeTokenizer.tokens(query) { queryCounts[token, default: 0] += 1 }
        guard !queryCounts.isEmpty, !entries.isEmpty, limit > 0 else { return [] }
        let queryLength = queryCounts.values.reduce(0, +) * Self.questionWeight

        var scores = [Double](repeating: 0, count: entries.count)
        var touched: [Int] = []
        var ideal = 0.0
        for (token, queryFrequency) in queryCounts {
            let list = postings[token] ?? []
            let weight = idf(documentFrequency: list.count)
            // A document that is the query itself: the ceiling normalized scores are taken against.
            // Words the knowledge base never uses count half: many are bigrams that straddle two
            // Chinese words, or filler around the real question.
            let unknownDiscount = list.isEmpty ? 0.5 : 1
            ideal += unknownDiscount * Double(queryFrequency) * termScore(idf: weight, frequency: queryFrequency * Self.questionWeight, length: queryLength)
            for posting in list {
                if scores[posting.position] == 0 { touched.append(posting.position) }
                scores[posting.position] += Double(queryFrequency)
                    * termScore(idf: weight, frequency: posting.frequency, length: lengths[posting.position])
            }
        }
        guard ideal > 0 else { return [] }
        var ranked: [(position: Int, score: Double)] = []
        for position in touched {
            let score = min(1, scores[position] / ideal)
            if score >= minimumScore { ranked.append((position, score)) }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
        return ranked.prefix(limit).map { candidate in
            Match(entry: entries[candidate.position], position: candidate.position, score: (candidate.score * 1000).rounded() / 1000)
        }
    }

    /// The one best answer, or nil ("no answer") when nothing reaches `threshold`.
    public func bestAnswer(_ query: String, threshold: Double) -> Match? {
        search(query, limit: 1, minimumScore: threshold).first
    }
}
