import CLibPQ

/// The rows of one statement's result, read lazily from libpq's result in text format.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let storage: ResultStorage

    init(result: OpaquePointer) {
        storage = ResultStorage(result: result)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.rowCount }
    public subscript(position: Int) -> PostgresRow { PostgresRow(storage: storage, index: position) }

    /// Column names in result order.
    public var columns: [String] { storage.columnNames }

    /// Rows touched by INSERT/UPDATE/DELETE/COPY (0 for other statements).
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(storage.result))) ?? 0
    }
}

/// Owns a `PGresult`; results are read-only after they arrive, so sharing across threads is safe.
final class ResultStorage: @unchecked Sendable {
    let result: OpaquePointer
    let rowCount: Int
    let columnNames: [String]

    init(result: OpaquePointer) {
        self.result = result
        rowCount = Int(PQntuples(result))
        columnNames = (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
    }

    deinit {
        PQclear(result)
    }
}

/// One row; `decode` reads a column as a Swift type.
public struct PostgresRow: Sendable {
    let storage: ResultStorage
    let index: Int

    /// The column's text, or nil for SQL NULL.
    public func text(_ column: Int) -> String? {
        let row = Int32(index), field = Int32(column)
        guard PQgetisnull(storage.result, row, field) == 0 else { return nil }
        return String(cString: PQgetvalue(storage.result, row, field))
    }

    /// Reads column number `column` (0-based) as `T`; use an Optional type for nullable columns.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard column >= 0, column < storage.columnNames.count else {
            throw PostgresError(.decoding, message: "no column \(column) (the result has \(storage.columnNames.count))")
        }
        let name = storage.columnNames[column]
        do {
            if let text = text(column) {
                return try T.decode(postgresText: text)
            }
            return try T.decodeNull()
        } catch {
            throw PostgresError(.decoding, message: "column \(name): \(error.reason)")
        }
    }

    /// Reads the column named `name` as `T`.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let column = storage.columnNames.firstIndex(of: name) else {
            throw PostgresError(.decoding, message: "no column named \(name)")
        }
        return try decode(column, as: type)
    }
}
