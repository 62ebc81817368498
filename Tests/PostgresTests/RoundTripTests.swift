import Foundation
import Postgres
import Testing

/// Values sent as parameters come back unchanged through the real server.
@Suite(.enabled(if: TestDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct RoundTripTests {
    @Test func scalarsRoundTrip() async throws {
        try await TestDatabase.withPool { pool in
            let date = Date(timeIntervalSince1970: 1_795_574_557.123456)
            let bytes = (0...255).map { UInt8($0) } + [0, 0]
            let row = try await pool.query(
                "SELECT $1::int8 AS big, $2::int4 AS small, $3::float8 AS real, $4::bool AS flag, $5::text AS words, $6::bytea AS blob, $7::timestamptz AS at, $8::jsonb AS doc, $9::int AS absent",
                [Int64.max, Int32.min, 3.25, true, "它说 \"hi\"\n\\ 'quoted'", bytes, date, #"{"b": [1, 2], "a": "x"}"#, Int?.none]
            )[0]
            #expect(try row.decode("big", as: Int64.self) == .max)
            #expect(try row.decode("small", as: Int.self) == Int(Int32.min))
            #expect(try row.decode("real", as: Double.self) == 3.25)
            #expect(try row.decode("flag", as: Bool.self))
            #expect(try row.decode("words", as: String.self) == "它说 \"hi\"\n\\ 'quoted'")
            #expect(try row.decode("blob", as: [UInt8].self) == bytes)
            #expect(abs(try row.decode("at", as: Date.self).timeIntervalSince(date)) < 0.000_001)
            #expect(try row.decode("doc", as: String.self) == #"{"a": "x", "b": [1, 2]}"#)
            #expect(try row.decode("absent", as: Int?.self) == nil)
            #expect(try row.decode("big", as: Int64?.self) == .max)
        }
    }

    @Test func arraysRoundTrip() async throws {
        try await TestDatabase.withPool { pool in
            let texts: [String?] = ["a", "b,c", "d\"e", "f\\g", "{h}", "", nil, "NULL", "问题"]
            let row = try await pool.query(
                "SELECT $1::text[], $2::int8[], $3::bool[], $4::float8[], $5::timestamptz[], $6::text[]",
                [texts, [Int64(1), -2, .max], [true, false], [1.5, -0.25], [Date(timeIntervalSince1970: 0)], [String]()]
            )[0]
            #expect(try row.decode(0, as: [String?].self) == texts)
            #expect(try row.decode(1, as: [Int64].self) == [1, -2, .max])
            #expect(try row.decode(2, as: [Bool].self) == [true, false])
            #expect(try row.decode(3, as: [Double].self) == [1.5, -0.25])
            #expect(try row.decode(4, as: [Date].self) == [Date(timeIntervalSince1970: 0)])
            #expect(try row.decode(5, as: [String].self) == [])
        }
    }

    @Test func decodingErrorsAreTypedAndNameTheColumn() async throws {
        try await TestDatabase.withPool { pool in
            let row = try await pool.query("SELECT NULL::int AS missing, 'abc'::text AS word")[0]
            let null = try #require(throws: PostgresError.self) { try row.decode("missing", as: Int.self) }
            #expect(null.kind == .decoding)
            #expect(null.message.contains("missing"))
            let word = try #require(throws: PostgresError.self) { try row.decode("word", as: Int.self) }
            #expect(word.kind == .decoding)
            #expect(!word.message.contains("abc"))
        }
    }

    @Test func parametersAreNeverSplicedIntoSQL() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.execute("CREATE TABLE notes (body text)")
            let hostile = "x'); DROP TABLE notes; --"
            try await pool.execute("INSERT INTO notes (body) VALUES ($1)", [hostile])
            let rows = try await pool.query("SELECT body FROM notes")
            #expect(try rows.map { try $0.decode(0, as: String.self) } == [hostile])
        }
    }
}

/// A text parameter with U+0000 is refused before anything reaches the server, never truncated.
@Suite(.enabled(if: TestDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct NULParameterTests {
    @Test func aQueryWithNULIsRefusedAndTheConnectionStaysUsable() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                let error = try await #require(throws: PostgresError.self) {
                    try await connection.query("SELECT $1::text[]", [["ok", "cut\u{0}short"] as [String?]])
                }
                #expect(error.kind == .invalidParameter)
                #expect(error.message == "parameter $1 contains U+0000 (NUL), which Postgres text cannot store")
                #expect(try await connection.query("SELECT $1::text", ["after"])[0].decode(0, as: String.self) == "after")
            }
        }
    }

    @Test func aPipelineWithNULSendsNothing() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.execute("CREATE TABLE nul_notes (body text)")
            try await pool.withConnection { connection in
                let error = try await #require(throws: PostgresError.self) {
                    try await connection.pipeline([
                        PostgresStatement("INSERT INTO nul_notes (body) VALUES ($1)", ["first"]),
                        PostgresStatement("INSERT INTO nul_notes (body) VALUES ($1)", ["sec\u{0}ond"]),
                    ])
                }
                #expect(error.kind == .invalidParameter)
                #expect(error.detail?.contains("statement 2 of 2") == true)
            }
            #expect(try await pool.query("SELECT count(*) FROM nul_notes")[0].decode(0, as: Int.self) == 0)
        }
    }
}
