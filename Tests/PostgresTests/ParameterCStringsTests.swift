@testable import Postgres
import Testing

/// Parameters become the C strings libpq reads, without a server.
@Suite struct ParameterCStringsTests {
    @Test func everyParameterBecomesItsTextOrNull() throws {
        let parameters: [any PostgresEncodable] = ["plain", "", Int?.none, 42, "中文 \"quoted\"", [1, 2], true, String(repeating: "长", count: 300)]
        let texts: [String?] = try withParameterCStrings(parameters) { pointers in
            pointers.map { $0.map { String(cString: $0) } }
        }
        #expect(texts == ["plain", "", nil, "42", "中文 \"quoted\"", "{\"1\",\"2\"}", "t", String(repeating: "长", count: 300)])
        #expect(try withParameterCStrings([]) { $0.count } == 0)
    }

    /// A NUL would end the C string early: the value would be cut short without a word.
    @Test func aTextWithNULIsRefusedNamingTheParameter() {
        let parameters: [any PostgresEncodable] = ["fine", 7, "before\u{0}after"]
        let error = #expect(throws: PostgresError.self) {
            try withParameterCStrings(parameters) { _ in Issue.record("the body ran for a refused parameter") }
        }
        #expect(error?.kind == .invalidParameter)
        #expect(error?.message == "parameter $3 contains U+0000 (NUL), which Postgres text cannot store")
    }

    @Test func anArrayElementWithNULIsRefused() {
        let parameters: [any PostgresEncodable] = [["a", nil, "b\u{0}"] as [String?]]
        let error = #expect(throws: PostgresError.self) { try ParameterTexts(parameters) }
        #expect(error?.kind == .invalidParameter)
        #expect(error?.message.hasPrefix("parameter $1 contains U+0000 (NUL)") == true)
    }

    @Test func otherControlCharactersAndNULFreeArraysPass() throws {
        let parameters: [any PostgresEncodable] = ["\u{1}\u{7f}\t\n", ["x\u{1}", nil] as [String?], [UInt8](arrayLiteral: 0, 0, 1)]
        let texts: [String?] = try withParameterCStrings(parameters) { pointers in
            pointers.map { $0.map { String(cString: $0) } }
        }
        #expect(texts == ["\u{1}\u{7f}\t\n", "{\"x\u{1}\",NULL}", "\\x000001"])
    }
}
