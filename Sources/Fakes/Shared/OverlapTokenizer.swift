/// Tokens for the fakes' overlap matching: lowercased Latin words minus common function words,
/// and for CJK text every character bigram (single characters for one-character runs).
enum OverlapTokenizer {
    private static let stopWords: Set<String> = [
        "a", "an", "the", "is", "are", "do", "does", "i", "you", "your", "my", "me", "we", "to", "of",
        "for", "in", "on", "at", "and", "or", "can", "how", "what", "which", "when", "it", "be", "have",
        "has", "with", "our", "us", "please", "there", "this", "that",
    ]
    private static let cjkStopCharacters: Set<Character> = ["的", "吗", "呢", "了", "是", "我", "你", "们", "？", "。"]

    static func tokens(_ text: String) -> Set<String> {
        var tokens = Set<String>()
        var word = ""
        var cjkRun: [Character] = []
        func flushWord() {
            if !word.isEmpty, !stopWords.contains(word) { tokens.insert(word) }
            word = ""
        }
        func flushCJK() {
            if cjkRun.count == 1 {
                tokens.insert(String(cjkRun[0]))
            } else if cjkRun.count > 1 {
                for index in 0..<(cjkRun.count - 1) { tokens.insert(String(cjkRun[index...index + 1])) }
            }
            cjkRun = []
        }
        for character in text.lowercased() {
            if isCJK(character) {
                flushWord()
                if cjkStopCharacters.contains(character) { flushCJK() } else { cjkRun.append(character) }
            } else if character.isLetter || character.isNumber {
                flushCJK()
                word.append(character)
            } else {
                flushWord()
                flushCJK()
            }
        }
        flushWord()
        flushCJK()
        return tokens
    }

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
