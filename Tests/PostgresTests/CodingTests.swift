import Foundation
@testable import Postgres
import Testing

/// The text codecs on their own, without a server.
@Suite struct CodingTests {
    @Test func arrayLiteralRoundTripsAwkwardElements() throws {
        let elements: [String?] = ["plain", "two words", "comma,inside", "quote\"inside", "back\\slash", "{braces}", "", nil, "NULL", "中文"]
        let text = PostgresArrayLiteral.encode(elements)
        #expect(try PostgresArrayLiteral.decode(text) == elements)
    }

    @Test func arrayLiteralReadsServerForms() throws {
        #expect(try PostgresArrayLiteral.decode("{}") == [])
        #expect(try PostgresArrayLiteral.decode("{1,2,NULL}") == ["1", "2", nil])
        #expect(try PostgresArrayLiteral.decode("[0:1]={a,b}") == ["a", "b"])
        #expect(throws: PostgresDecodingFailure.self) { try PostgresArrayLiteral.decode("{{1,2},{3,4}}") }
        #expect(throws: PostgresDecodingFailure.self) { try PostgresArrayLiteral.decode("1,2") }
        // Found by fuzzing: a trailing comma read past the end of the literal.
        #expect(throws: PostgresDecodingFailure.self) { try PostgresArrayLiteral.decode("{a,}") }
        #expect(throws: PostgresDecodingFailure.self) { try PostgresArrayLiteral.decode("{\"a\",}") }
    }

    @Test func byteaHexRoundTrip() throws {
        let bytes = (0...255).map { UInt8($0) }
        let text = try #require(bytes.postgresText)
        #expect(text.hasPrefix("\\x000102"))
        #expect(try [UInt8].decode(postgresText: text) == bytes)
        #expect(throws: PostgresDecodingFailure.self) { try [UInt8].decode(postgresText: "\\xzz") }
    }

    @Test(arguments: [
        ("2026-11-25 02:42:37.123456+00", 1_795_574_557.123456),
        ("1970-01-01 00:00:00+00", 0),
        ("1969-12-31 23:59:59.5+00", -0.5),
        ("2000-02-29 12:00:00+05:30", 951_805_800),
        ("2000-02-29 12:00:00-08", 951_854_400),
        ("2024-03-01", 1_709_251_200),
    ])
    func timestampParsing(text: String, seconds: Double) throws {
        let date = try Date.decode(postgresText: text)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test func timestampFormattingRoundTrips() throws {
        for seconds in [0, -0.5, 1_795_574_557.123456, 951_805_800, -2_208_988_800] as [Double] {
            let text = try #require(Date(timeIntervalSince1970: seconds).postgresText)
            #expect(abs(try Date.decode(postgresText: text).timeIntervalSince1970 - seconds) < 0.000_001, "\(text)")
        }
        #expect(Date(timeIntervalSince1970: 0).postgresText == "1970-01-01 00:00:00.000000+00")
        #expect(throws: PostgresDecodingFailure.self) { try Date.decode(postgresText: "infinity") }
    }

    @Test func redactionHidesPasswords() {
        let uri = PostgresConfiguration(url: "postgresql://aics:p%40ss-w0rd@db.example:5432/aics?sslmode=require")
        #expect(uri.redactedURL == "postgresql://aics:***@db.example:5432/aics?sslmode=require")
        let keywords = PostgresConfiguration(url: "host=db.example user=aics password=hunter22 dbname=aics")
        #expect(!keywords.redactedURL.contains("hunter22"))
        let query = PostgresConfiguration(url: "postgresql://aics@db.example/aics?password=hunter22")
        #expect(!query.redactedURL.contains("hunter22"))
    }
}
