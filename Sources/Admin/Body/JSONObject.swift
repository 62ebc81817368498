import JSON

/// A JSON request body's members, read with errors that name the member. `null` counts as not given.
struct JSONObject: Sendable {
    let members: [String: JSONValue]

    /// Refuses members the route does not know (a typo must not be silently ignored).
    func allowOnly(_ names: Set<String>) throws {
        if let unknown = members.keys.sorted().first(where: { !names.contains($0) }) {
            throw AdminError(.badRequest, code: "unknown_field", "unknown field '\(unknown)'", field: unknown)
        }
    }

    func has(_ name: String) -> Bool { value(name) != nil }

    private func value(_ name: String) -> JSONValue? {
        guard let value = members[name], value != .null else { return nil }
        return value
    }

    func string(_ name: String) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw wrongType(name, "a string") }
        try Self.refuseNUL(text, field: name)
        return text
    }

    func requiredString(_ name: String) throws -> String {
        guard let text = try string(name) else {
            throw AdminError(.badRequest, code: "missing_field", "\(name) is required", field: name)
        }
        return text
    }

    func strings(_ name: String) throws -> [String]? {
        guard let value = value(name) else { return nil }
        guard case .array(let elements) = value else { throw wrongType(name, "an array of strings") }
        return try elements.map { element in
            guard case .string(let text) = element else { throw wrongType(name, "an array of strings") }
            try Self.refuseNUL(text, field: name)
            return text
        }
    }

    func number(_ name: String) throws -> Double? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value else { throw wrongType(name, "a number") }
        return number
    }

    /// A whole number (milliseconds and the like).
    func integer(_ name: String) throws -> Int? {
        guard let number = try number(name) else { return nil }
        guard number.rounded() == number, abs(number) < 9e15 else { throw wrongType(name, "a whole number") }
        return Int(number)
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(name, "true or false") }
        return flag
    }

    /// A JSON array member, as written.
    func array(_ name: String) throws -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard case .array(let elements) = value else { throw wrongType(name, "an array") }
        return elements
    }

    /// A JSON object member, as written.
    func object(_ name: String) throws -> JSONValue? {
        guard let value = value(name) else { return nil }
        guard case .object = value else { throw wrongType(name, "a JSON object") }
        return value
    }

    private func wrongType(_ name: String, _ expected: String) -> AdminError {
        AdminError.invalid(field: name, "\(name) must be \(expected)")
    }

    /// Postgres text cannot hold U+0000; refused here with the member named, not deep in a query.
    static func refuseNUL(_ text: String, field: String) throws {
        if text.unicodeScalars.contains("\u{0}") { throw AdminError.invalid(field: field, "\(field) contains U+0000 (NUL)") }
    }
}
