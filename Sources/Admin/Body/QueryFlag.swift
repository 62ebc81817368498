import Hummingbird

/// Query parameters.
enum QueryFlag {
    /// `?name=true|false`; nil when absent, 400 naming it when it is anything else.
    static func bool(_ request: Request, _ name: String) throws -> Bool? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw AdminError.invalid(field: name, "\(name) must be true or false, found '\(text)'")
        }
    }

    /// `?name=N` within `range`; nil when absent.
    static func integer(_ request: Request, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw AdminError.invalid(field: name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `?name=text`, refused when blank or holding U+0000.
    static func string(_ request: Request, _ name: String) throws -> String? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw AdminError.invalid(field: name, "\(name) must not be empty") }
        try JSONObject.refuseNUL(text, field: name)
        return text
    }
}
