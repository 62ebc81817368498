import Foundation

/// Reads JSON Lines: one `{"question": ..., "answer": ..., "tags": [...]}` object per line;
/// blank lines are skipped, `tags` is optional.
public enum JSONLinesKnowledgeImporter {
    public static func entries(from text: String) throws(KnowledgeImportError) -> [KnowledgeEntry] {
        var entries: [KnowledgeEntry] = []
        let lines = KnowledgeText.stripBOM(text).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
                  let object = value as? [String: Any]
            else {
                throw KnowledgeImportError(line: lineNumber, "not a JSON object")
            }
            guard let question = (object["question"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !question.isEmpty else {
                throw KnowledgeImportError(line: lineNumber, "\"question\" is missing or not a non-empty string")
            }
            guard let answer = (object["answer"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !answer.isEmpty else {
                throw KnowledgeImportError(line: lineNumber, "\"answer\" is missing or not a non-empty string")
            }
            var tags: [String] = []
            if let value = object["tags"], !(value is NSNull) {
                guard let list = value as? [String] else {
                    throw KnowledgeImportError(line: lineNumber, "\"tags\" must be an array of strings")
                }
                tags = list.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            entries.append(KnowledgeEntry(question: question, answer: answer, tags: tags))
        }
        return entries
    }
}
