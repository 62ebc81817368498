/// One way a document breaks its schema: where (a dotted path, "" for the root) and what.
public struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
