/// Search tokens for Chinese and English alike: lowercased, lightly stemmed words for Latin
/// scripts (and digits), and for CJK runs overlapping character bigrams plus the single
/// characters (minus function characters), so that no dictionary or word segmenter is needed.
/// Single characters let "发货" meet "什么时候发货" even where bigrams cross word boundaries.
public enum KnowledgeTokenizer {
    /// English function words that carry no topic; CJK needs no list, bigram IDF handles it.
    static let stopWords: Set<String> = [
        "a", "an", "the", "is", "are", "was", "be", "do", "does", "did", "i", "you", "your", "my", "me",
        "we", "our", "us", "to", "of", "for", "in", "on", "at", "and", "or", "it", "this", "that", "with",
        "can", "could", "would", "how", "what", "which", "when", "where", "there", "please", "have", "has",
    ]

    /// CJK characters too common to mean anything on their own.
    static let stopCharacters: Set<Character> = [
        "的", "了", "吗", "呢", "吧", "啊", "是", "我", "你", "您", "他", "她", "们", "这", "那", "么", "什",
        "有", "在", "和", "就", "也", "都", "要", "会", "能", "可", "以", "个", "一", "不", "想", "请", "问",
    ]

    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        var run: [Character] = []
        func flushWord() {
            if !word.isEmpty, !stopWords.contains(word) { tokens.append(stem(word)) }
            word = ""
        }
        func flushRun() {
            for character in run where !stopCharacters.contains(character) { tokens.append(String(character)) }
            if run.count > 1 {
                for index in 0..<(run.count - 1) { tokens.append(String(run[index...index + 1])) }
            }
            run.removeAll(keepingCapacity: true)
        }
        for character in text.lowercased() {
            if isCJK(character) {
                flushWord()
                run.append(character)
            } else if character.isLetter || character.isNumber {
                flushRun()
                word.append(character)
            } else {
                flushWord()
                flushRun()
            }
        }
        flushWord()
        flushRun()
        return tokens
    }

    /// A light English stemmer: "shipped", "shipping" and "ships" all become "ship".
    static func stem(_ word: String) -> String {
        guard word.count > 4, word.allSatisfy(\.isASCII) else { return word }
        var stem = word
        if stem.hasSuffix("ing") {
            stem.removeLast(3)
        } else if stem.hasSuffix("ed") {
            stem.removeLast(2)
        } else if stem.hasSuffix("s"), !stem.hasSuffix("ss"), !stem.hasSuffix("us"), !stem.hasSuffix("is") {
            stem.removeLast()
            return stem
        } else {
            return stem
        }
        // "shipp" → "ship", "cancell" → "cancel".
        if let last = stem.last, stem.count > 3, stem.dropLast().last == last, !"aeiouls".contains(last) {
            stem.removeLast()
        }
        return stem
    }

    /// Han ideographs, kana and hangul: scripts written without spaces between words.
    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x3040...0x30FF, 0xAC00...0xD7AF:
            return true
        default:
            return false
        }
    }
}
