/// Synced text (a Dify document, an OpenAI file) cut into the fakes' segments: blocks separated
/// by blank lines; a block's first line is its question, the rest its answer. This is the shape
/// `FakeKnowledgeBase.Document.content` has ("question\nanswer"), so knowledge synced from
/// entries answers like the configured knowledge does.
enum KnowledgeSegments {
    /// The segments of `text`, owned by the document `ownerID` named `name`.
    static func documents(of text: String, ownerID: String, name: String) -> [FakeKnowledgeBase.Document] {
        blocks(text).enumerated().map { index, block in
            let lines = block.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let question = String(lines[0])
            let answer = lines.count > 1 ? String(lines[1]) : ""
            return FakeKnowledgeBase.Document(
                id: FakeIdentifiers.stableUUID("\(ownerID)#\(index)"), name: name, question: question, answer: answer,
                ownerID: ownerID)
        }
    }

    /// Non-empty blocks of lines, split on blank lines (whitespace-only lines count as blank).
    static func blocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
        return blocks
    }
}
