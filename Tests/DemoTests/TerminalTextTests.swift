@testable import aics
import Testing

/// The demo's layout for an 80-100 column terminal: Chinese characters take two columns.
@Suite struct TerminalTextTests {
    @Test func chineseTakesTwoColumnsLatinOne() {
        #expect(TerminalText.width("abc") == 3)
        #expect(TerminalText.width("退款") == 4)
        #expect(TerminalText.width("订单，好的。") == 12)
        #expect(TerminalText.width("💡 ok") == 5)
    }

    @Test func englishWrapsAtWordsWithinTheWidth() {
        let lines = TerminalText.wrap("the quick brown fox jumps over the lazy dog", width: 16, first: "> ", rest: "  ")
        #expect(lines == ["> the quick", "  brown fox", "  jumps over the", "  lazy dog"])
        #expect(lines.allSatisfy { TerminalText.width($0) <= 16 })
    }

    @Test func chineseWrapsBetweenAnyTwoCharacters() {
        let lines = TerminalText.wrap("退款审核通过后原路退回", width: 10, first: "", rest: "")
        #expect(lines == ["退款审核通", "过后原路退", "回"])
    }

    @Test func mixedTextKeepsLatinWordsWhole() {
        let lines = TerminalText.wrap("一般 3-5 个工作日到账", width: 8, first: "", rest: "")
        #expect(lines.allSatisfy { TerminalText.width($0) <= 8 })
        #expect(lines.joined(separator: " ").contains("3-5"))
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == "一般3-5个工作日到账")
    }

    @Test func aWordLongerThanTheLineStaysWhole() {
        let lines = TerminalText.wrap("see https://example.com/a/very/long/path ok", width: 12, first: "", rest: "")
        #expect(lines == ["see", "https://example.com/a/very/long/path", "ok"])
    }
}
