import Foundation

/// Validates documents against a JSON Schema (draft 2020-12), the subset our topic schemas use:
/// `type`, `enum`, `const`, `required`, `properties`, `additionalProperties`, `items`,
/// `minItems`/`maxItems`, `minLength`/`maxLength` (in code points), `minimum`/`maximum`,
/// `allOf`/`anyOf`/`oneOf`/`not`, `if`/`then`/`else`, `$ref` (within and across registered files),
/// and `format: date-time`, which we assert (2020-12 treats formats as annotations by default).
/// Unknown keywords are ignored, as the specification requires.
public struct SchemaValidator: Sendable {
    public let registry: SchemaRegistry
    public let root: JSONValue

    public init(schema: JSONValue, registry: SchemaRegistry = SchemaRegistry()) {
        self.root = schema
        self.registry = registry
    }

    /// Every violation found; empty when the document is valid.
    public func validate(_ document: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        check(document, against: root, base: root, path: "", into: &violations)
        return violations
    }

    private func check(_ value: JSONValue, against schema: JSONValue, base: JSONValue, path: String, into violations: inout [SchemaViolation]) {
        func fail(_ message: String, at where: String = path) {
            violations.append(SchemaViolation(path: `where`, message: message))
        }
        switch schema {
        case .bool(true): return
        case .bool(false): return fail("is not allowed here")
        case .object: break
        default: return
        }

        if let reference = schema["$ref"]?.stringValue {
            if let (document, target) = registry.resolve(reference, in: base) {
                check(value, against: target, base: document, path: path, into: &violations)
            } else {
                fail("schema reference \(reference) cannot be resolved")
            }
        }

        if let expected = schema["type"], !Self.matches(type: expected, value) {
            return fail("must be \(Self.describe(type: expected)), found \(value.schemaTypeName)")
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            fail("must be one of \(options.map(Self.short).joined(separator: ", ")), found \(Self.short(value))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            fail("must be \(Self.short(constant)), found \(Self.short(value))")
        }

        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minimum = schema["minLength"]?.numberValue, Double(length) < minimum {
                fail(minimum == 1 ? "must not be empty" : "must be at least \(Int(minimum)) characters long")
            }
            if let maximum = schema["maxLength"]?.numberValue, Double(length) > maximum {
                fail("must be at most \(Int(maximum)) characters long, found \(length)")
            }
            if schema["format"]?.stringValue == "date-time", !RFC3339.isValid(text) {
                fail("must be an RFC 3339 date-time like 2026-11-25T02:40:00Z, found \(Self.short(value))")
            }
        case .number(let number):
            if let minimum = schema["minimum"]?.numberValue, number < minimum { fail("must be at least \(Self.short(.number(minimum)))") }
            if let maximum = schema["maximum"]?.numberValue, number > maximum { fail("must be at most \(Self.short(.number(maximum)))") }
        case .array(let elements):
            if let minimum = schema["minItems"]?.numberValue, Double(elements.count) < minimum {
                fail(minimum == 1 ? "must not be empty" : "must have at least \(Int(minimum)) items")
            }
            if let maximum = schema["maxItems"]?.numberValue, Double(elements.count) > maximum { fail("must have at most \(Int(maximum)) items") }
            if let itemSchema = schema["items"] {
                for (index, element) in elements.enumerated() {
                    check(element, against: itemSchema, base: base, path: "\(path)[\(index)]", into: &violations)
                }
            }
        case .object(let members):
            for case .string(let name) in schema["required"]?.arrayValue ?? [] where members[name] == nil {
                fail("required property missing", at: Self.join(path, name))
            }
            let properties = schema["properties"]?.objectValue ?? [:]
            for (name, member) in members {
                if let propertySchema = properties[name] {
                    check(member, against: propertySchema, base: base, path: Self.join(path, name), into: &violations)
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        fail("unknown property", at: Self.join(path, name))
                    } else {
                        check(member, against: additional, base: base, path: Self.join(path, name), into: &violations)
                    }
                }
            }
        default:
            break
        }

        for sub in schema["allOf"]?.arrayValue ?? [] {
            check(value, against: sub, base: base, path: path, into: &violations)
        }
        if let alternatives = schema["anyOf"]?.arrayValue,
           !alternatives.contains(where: { isValid(value, $0, base, path) }) {
            fail("matches none of the \(alternatives.count) allowed shapes")
        }
        if let alternatives = schema["oneOf"]?.arrayValue {
            let results = alternatives.map { alternative -> [SchemaViolation] in
                var found: [SchemaViolation] = []
                check(value, against: alternative, base: base, path: path, into: &found)
                return found
            }
            let matched = results.filter(\.isEmpty).count
            if matched == 0 {
                // Report the alternative the document meant: among those whose discriminating
                // properties (`const` / `enum`) fit, the one with the fewest violations.
                let candidates = alternatives.indices.filter { Self.discriminatorsFit(value, alternatives[$0]) }
                let pool = candidates.isEmpty ? Array(alternatives.indices) : candidates
                let closest = pool.min { results[$0].count < results[$1].count }!
                violations += results[closest]
            } else if matched > 1 {
                fail("matches \(matched) of the allowed shapes, exactly one expected")
            }
        }
        if let negated = schema["not"], isValid(value, negated, base, path) {
            fail("must not match the excluded shape")
        }
        if let condition = schema["if"] {
            let branch = isValid(value, condition, base, path) ? schema["then"] : schema["else"]
            if let branch { check(value, against: branch, base: base, path: path, into: &violations) }
        }
    }

    private func isValid(_ value: JSONValue, _ schema: JSONValue, _ base: JSONValue, _ path: String) -> Bool {
        var found: [SchemaViolation] = []
        check(value, against: schema, base: base, path: path, into: &found)
        return found.isEmpty
    }

    /// True when every property the alternative pins with `const` or `enum` is absent or fits.
    private static func discriminatorsFit(_ value: JSONValue, _ alternative: JSONValue) -> Bool {
        guard let properties = alternative["properties"]?.objectValue else { return true }
        for (name, propertySchema) in properties {
            guard let member = value[name] else { continue }
            if let constant = propertySchema["const"], constant != member { return false }
            if let options = propertySchema["enum"]?.arrayValue, !options.contains(member) { return false }
        }
        return true
    }

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private static func matches(type: JSONValue, _ value: JSONValue) -> Bool {
        switch type {
        case .string(let name): matches(typeName: name, value)
        case .array(let names): names.contains { $0.stringValue.map { matches(typeName: $0, value) } ?? false }
        default: true
        }
    }

    private static func matches(typeName: String, _ value: JSONValue) -> Bool {
        let actual = value.schemaTypeName
        return actual == typeName || (typeName == "number" && actual == "integer")
    }

    private static func describe(type: JSONValue) -> String {
        switch type {
        case .string(let name): "a\(name.first.map { "aeiou".contains($0) } == true ? "n" : "") \(name)"
        case .array(let names): names.compactMap(\.stringValue).joined(separator: " or ")
        default: "of the declared type"
        }
    }

    /// Numbers compare by value, everything else structurally.
    private static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool { lhs == rhs }

    /// A short rendering for messages; long strings are cut.
    static func short(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            return number.rounded(.towardZero) == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): return text.count > 40 ? "\"\(text.prefix(40))…\"" : "\"\(text)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
