import Foundation

/// Reads Markdown Q&A in either of two styles (they may be mixed in one file):
///
/// ```markdown
/// # Shop FAQ                      ← a level-1 heading is a title and is ignored
///
/// ## How long does shipping take?   ← a level-2 or -3 heading is a question
/// Standard shipping takes 3 to 5 business days.   ← the paragraphs below it are the answer
///
/// Tags: shipping, delivery        ← optional last line of an answer (also "标签：")
///
/// Q: 怎么申请退款？                 ← or "Q:"/"问：" and "A:"/"答：" pairs
/// A: 在“我的订单”中申请退款。
///    An answer may go on over the following lines, up to the next question or heading.
/// ```
public enum MarkdownKnowledgeImporter {
    private static let questionMarkers = ["Q:", "Q：", "问:", "问："]
    private static let answerMarkers = ["A:", "A：", "答:", "答："]
    private static let tagMarkers = ["tags:", "tags：", "标签:", "标签："]

    public static func entries(from text: String) throws(KnowledgeImportError) -> [KnowledgeEntry] {
        var parser = Parser()
        let lines = KnowledgeText.stripBOM(text).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            try parser.take(raw.trimmingCharacters(in: .init(charactersIn: "\r")), line: index + 1)
        }
        try parser.close()
        return parser.entries
    }

    private struct Parser {
        var entries: [KnowledgeEntry] = []
        var question: String?
        var questionLine = 0
        /// Whether the current question came from `Q:` and still waits for its `A:`.
        var awaitingAnswerMarker = false
        var answerLines: [String] = []
        var tags: [String] = []

        mutating func take(_ line: String, line number: Int) throws(KnowledgeImportError) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let heading = Self.heading(trimmed) {
                try close()
                if heading.level >= 2 { start(heading.text, line: number, marker: false) }
                return
            }
            if let text = Self.strip(trimmed, markers: questionMarkers) {
                try close()
                start(text, line: number, marker: true)
                return
            }
            if let text = Self.strip(trimmed, markers: answerMarkers) {
                guard question != nil, awaitingAnswerMarker else {
                    throw KnowledgeImportError(line: number, "an answer (A:) without a question (Q:) before it")
                }
                awaitingAnswerMarker = false
                answerLines.append(text)
                return
            }
            guard question != nil else {
                if !trimmed.isEmpty {
                    throw KnowledgeImportError(line: number, "text outside a question; start questions with '## ' or 'Q:'")
                }
                return
            }
            if let text = Self.strip(trimmed.lowercased(), markers: tagMarkers), !awaitingAnswerMarker {
                tags = KnowledgeText.tags(String(trimmed.suffix(text.count)).replacingOccurrences(of: ",", with: ";"))
                return
            }
            if awaitingAnswerMarker {
                // More lines of a Q: question before its A:.
                if !trimmed.isEmpty { question! += " " + trimmed }
                return
            }
            answerLines.append(trimmed)
        }

        mutating func start(_ text: String, line: Int, marker: Bool) {
            question = text
            questionLine = line
            awaitingAnswerMarker = marker
            answerLines = []
            tags = []
        }

        mutating func close() throws(KnowledgeImportError) {
            guard let question else { return }
            if awaitingAnswerMarker {
                throw KnowledgeImportError(line: questionLine, "the question has no answer (A:)")
            }
            // Paragraphs keep one blank line between them; lines of a paragraph are joined.
            let paragraphs = answerLines.split(separator: "", omittingEmptySubsequences: true).map { $0.joined(separator: "\n") }
            let answer = paragraphs.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !question.isEmpty else { throw KnowledgeImportError(line: questionLine, "the question is empty") }
            guard !answer.isEmpty else { throw KnowledgeImportError(line: questionLine, "the question has no answer below it") }
            entries.append(KnowledgeEntry(question: question, answer: answer, tags: tags))
            self.question = nil
        }

        static func heading(_ line: String) -> (level: Int, text: String)? {
            let hashes = line.prefix { $0 == "#" }.count
            guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
            return (hashes, line.dropFirst(hashes).trimmingCharacters(in: .whitespaces))
        }

        static func strip(_ line: String, markers: [String]) -> String? {
            for marker in markers where line.hasPrefix(marker) {
                return line.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
    }
}
