import JSON

/// A knowledge-base passage an answer rests on, as shown to the agent.
public struct AnswerSource: Sendable, Equatable {
    public var title: String
    public var snippet: String
    /// 0...1, higher is more relevant.
    public var score: Double
    public var documentID: String?

    public init(title: String, snippet: String, score: Double, documentID: String? = nil) {
        self.title = title
        self.snippet = snippet
        self.score = score
        self.documentID = documentID
    }
}

extension AnswerSource {
    /// As stored in `reply_history.sources` and `reply_timers.sources`.
    var jsonValue: JSONValue {
        .object([
            "title": .string(title), "snippet": .string(snippet), "score": .number(score),
            "document_id": documentID.map(JSONValue.string) ?? .null,
        ])
    }
}
