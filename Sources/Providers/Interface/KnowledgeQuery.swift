import Foundation

/// Fits a customer's question into a knowledge query limit (Dify's retrieve takes at most 250
/// characters) without rejecting it: keep the last question and as much context before it as
/// fits, and cut a single overlong sentence at a word boundary.
public enum KnowledgeQuery {
    public static let difyLimit = 250

    public static func shortened(_ text: String, limit: Int = difyLimit) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count > limit else { return trimmed }
        let sentences = splitSentences(trimmed)
        // The last sentence that asks something is what the customer wants answered.
        let anchor = sentences.lastIndex { $0.contains("?") || $0.contains("？") } ?? sentences.count - 1
        var kept = sentences[anchor]
        guard kept.count <= limit else { return cutAtWordBoundary(kept, limit: limit) }
        var index = anchor - 1
        while index >= 0, sentences[index].count + 1 + kept.count <= limit {
            kept = sentences[index] + " " + kept
            index -= 1
        }
        return kept
    }

    /// Sentences ending in . ! ? 。 ！ ？ or a line break, trimmed, empty ones dropped.
    static func splitSentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character.isNewline {
                sentences.append(current)
                current = ""
                continue
            }
            current.append(character)
            // A full stop ends a sentence only before whitespace, so "1.5" and "e.g." stay whole.
            let nextIsSpace = index + 1 == characters.count || characters[index + 1].isWhitespace
            if "。！？!?".contains(character) || (character == "." && nextIsSpace) {
                sentences.append(current)
                current = ""
            }
        }
        sentences.append(current)
        return sentences.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The first `limit` characters, backed up to the last whitespace when there is one nearby
    /// (CJK text has none: it is cut at the character).
    static func cutAtWordBoundary(_ text: String, limit: Int) -> String {
        let prefix = String(text.prefix(limit))
        if let space = prefix.lastIndex(where: \.isWhitespace), prefix.distance(from: prefix.startIndex, to: space) > limit / 2 {
            return String(prefix[..<space]).trimmingCharacters(in: .whitespaces)
        }
        return prefix
    }
}
