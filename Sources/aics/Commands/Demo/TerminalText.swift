/// Wrapping for a terminal: Chinese, Japanese and Korean characters and emoji take two columns.
enum TerminalText {
    /// Columns `text` takes on a terminal.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` in lines of at most `width` columns; the first starts with `first`, the others
    /// with `rest` (which must be as wide as `first` for the text to line up).
    static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = self.width(first)
        var lineHasText = false
        for word in words(text) {
            let wordWidth = self.width(word)
            if lineHasText, lineWidth + wordWidth > width {
                lines.append(trimmedEnd(line))
                line = rest
                lineWidth = self.width(rest)
                lineHasText = false
                if word == " " { continue }
            }
            line += word
            lineWidth += wordWidth
            lineHasText = true
        }
        lines.append(trimmedEnd(line))
        return lines
    }

    /// Breakable pieces: runs of Latin letters and digits stay together, every wide character
    /// and every space is a piece of its own.
    private static func words(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            let isWide = character.unicodeScalars.first.map { width(of: $0) == 2 } ?? false
            if character == " " || isWide {
                if !current.isEmpty { pieces.append(current) }
                current = ""
                pieces.append(String(character))
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    private static func trimmedEnd(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            2
        default: 1
        }
    }
}
