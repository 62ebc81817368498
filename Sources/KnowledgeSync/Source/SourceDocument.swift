import Providers

/// One source file rendered into the document the provider gets: its entries as
/// "question\nanswer" blocks separated by blank lines, identified by its path below the source
/// root, and the SHA-256 of that text.
public struct SourceDocument: Sendable, Equatable {
    /// Relative to the source folder, `/`-separated (a single file: its name).
    public var path: String
    public var entries: [KnowledgeEntry]
    public var text: String
    /// Lowercase hex SHA-256 of `text`.
    public var contentHash: String

    public init(path: String, entries: [KnowledgeEntry]) {
        self.path = path
        self.entries = entries
        text = SourceDocument.render(entries)
        contentHash = ContentHash.sha256(text)
    }

    /// One block per entry. A question is one line and an answer holds no blank line, so the
    /// blank lines between blocks are the only segment boundaries.
    static func render(_ entries: [KnowledgeEntry]) -> String {
        entries.map { entry in
            let question = entry.question.split(whereSeparator: \.isNewline).joined(separator: " ")
            let answer = entry.answer.split(whereSeparator: \.isNewline)
                .filter { !$0.allSatisfy(\.isWhitespace) }.joined(separator: "\n")
            return question + "\n" + answer
        }.joined(separator: "\n\n") + "\n"
    }
}
