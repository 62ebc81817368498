/// Why a column's text could not become the requested type. The value itself is not repeated,
/// since columns may hold secrets.
public struct PostgresDecodingFailure: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A Swift value that can be a statement parameter, sent in Postgres' text format.
public protocol PostgresEncodable: Sendable {
    /// The value in Postgres' text input format, or nil for SQL NULL.
    var postgresText: String? { get }
}

/// A Swift value that can be read from a column in Postgres' text output format.
public protocol PostgresDecodable {
    /// Builds the value from a non-NULL column.
    static func decode(postgresText text: String) throws(PostgresDecodingFailure) -> Self
    /// The value for SQL NULL; only Optional has one.
    static func decodeNull() throws(PostgresDecodingFailure) -> Self
}

extension PostgresDecodable {
    public static func decodeNull() throws(PostgresDecodingFailure) -> Self {
        throw PostgresDecodingFailure("unexpected NULL for \(Self.self)")
    }
}

/// A type usable as the element of a one-dimensional Postgres array (`[Element]` <-> `type[]`).
/// `UInt8` is special: `[UInt8]` is `bytea`.
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// Encodes a Swift array of this element.
    static func postgresText(array: [Self]) -> String
    /// Decodes a Swift array of this element.
    static func decode(postgresArrayText text: String) throws(PostgresDecodingFailure) -> [Self]
}

extension PostgresArrayElement {
    public static func postgresText(array: [Self]) -> String {
        PostgresArrayLiteral.encode(array.map(\.postgresText))
    }

    public static func decode(postgresArrayText text: String) throws(PostgresDecodingFailure) -> [Self] {
        var values: [Self] = []
        for element in try PostgresArrayLiteral.decode(text) {
            if let element {
                values.append(try decode(postgresText: element))
            } else {
                values.append(try decodeNull())
            }
        }
        return values
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public var postgresText: String? { Element.postgresText(array: self) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public static func decode(postgresText text: String) throws(PostgresDecodingFailure) -> [Element] {
        try Element.decode(postgresArrayText: text)
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresText: String? { self?.postgresText }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String) throws(PostgresDecodingFailure) -> Wrapped? {
        try Wrapped.decode(postgresText: text)
    }

    public static func decodeNull() -> Wrapped? { nil }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {}
