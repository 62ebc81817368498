import Foundation

/// Schemas by name, so that `$ref`s between schema files resolve ("cs.suggestions.schema.json#/$defs/source").
///
/// Keys are the file name and the `$id` of every schema added.
public struct SchemaRegistry: Sendable {
    private var documents: [String: JSONValue] = [:]

    public init() {}

    /// Adds a schema under its file name (and its `$id`, when it has one).
    public mutating func add(name: String, schema: JSONValue) {
        documents[name] = schema
        if let id = schema["$id"]?.stringValue {
            documents[id] = schema
            if let lastSlash = id.lastIndex(of: "/") { documents[String(id[id.index(after: lastSlash)...])] = schema }
        }
    }

    public func schema(named name: String) -> JSONValue? { documents[name] }

    /// Resolves a reference relative to `base` (the document the `$ref` appears in).
    func resolve(_ reference: String, in base: JSONValue) -> (document: JSONValue, schema: JSONValue)? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let document: JSONValue
        if parts[0].isEmpty {
            document = base
        } else if let named = documents[String(parts[0])] {
            document = named
        } else {
            return nil
        }
        let pointer = parts.count > 1 ? String(parts[1]) : ""
        guard let schema = Self.follow(pointer: pointer, in: document) else { return nil }
        return (document, schema)
    }

    /// RFC 6901 JSON pointer ("/$defs/source").
    private static func follow(pointer: String, in document: JSONValue) -> JSONValue? {
        var current = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[key] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(key), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
