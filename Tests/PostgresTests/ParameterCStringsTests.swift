@testable import Postgres
import Testing

/// Parameters become the C strings libpq reads, without a server.
@Suite struct ParameterCStringsTests {
    @Test func everyParameterBecomesItsTextOrNull() {
        let parameters: [any PostgresEncodable] = ["plain", "", Int?.none, 42, "中文 \"quoted\"", [1, 2], true, String(repeating: "长", count: 300)]
        let texts: [String?] = withParameterCStrings(parameters) { pointers in
            pointers.map { $0.map { String(cString: $0) } }
        }
        #expect(texts == ["plain", "", nil, "42", "中文 \"quoted\"", "{\"1\",\"2\"}", "t", String(repeating: "长", count: 300)])
        #expect(withParameterCStrings([]) { $0.count } == 0)
    }
}
