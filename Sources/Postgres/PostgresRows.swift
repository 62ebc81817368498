import CLibPQ
import Foundation

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
    public var columns: [String] { (0..<storage.columnCount).map(storage.columnName) }

    /// Rows touched by INSERT/UPDATE/DELETE/COPY (0 for other statements).
    public var affectedRows: Int { Self.affectedRows(of: storage.result) }

    /// `PQcmdTuples` read as a number without making a String: digits, or empty.
    static func affectedRows(of result: OpaquePointer?) -> Int {
        guard var digit = PQcmdTuples(result) else { return 0 }
        var count = 0
        while digit.pointee >= 0x30, digit.pointee <= 0x39 {
            count = count &* 10 &+ Int(digit.pointee - 0x30)
            digit += 1
        }
        return count
    }
}

/// Owns a `PGresult`; results are read-only after they arrive, so sharing across threads is safe.
/// Column names stay in the result until asked for (most callers read columns by number).
final class ResultStorage: @unchecked Sendable {
    let result: OpaquePointer
    let rowCount: Int
    let columnCount: Int

    init(result: OpaquePointer) {
        self.result = result
        rowCount = Int(PQntuples(result))
        columnCount = Int(PQnfields(result))
    }

    func columnName(_ column: Int) -> String {
        String(cString: PQfname(result, Int32(column)))
    }

    /// The first column named exactly `name` (PQfnumber would fold case), compared in place.
    func column(named name: String) -> Int? {
        name.withCString { wanted in
            (0..<columnCount).first { strcmp(PQfname(result, Int32($0)), wanted) == 0 }
        }
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
        guard column >= 0, column < storage.columnCount else {
            throw PostgresError(.decoding, message: "no column \(column) (the result has \(storage.columnCount))")
        }
        do {
            if let text = text(column) {
                return try T.decode(postgresText: text)
            }
            return try T.decodeNull()
        } catch {
            throw PostgresError(.decoding, message: "column \(storage.columnName(column)): \(error.reason)")
        }
    }

    /// Reads the column named `name` as `T`.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let column = storage.column(named: name) else {
            throw PostgresError(.decoding, message: "no column named \(name)")
        }
        return try decode(column, as: type)
    }
}
