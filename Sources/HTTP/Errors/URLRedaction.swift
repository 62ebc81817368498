/// Makes URLs safe for logs and error text.
///
/// Policy: the user-info part (`user:password@`) is removed, every query value is replaced by
/// `***` (a key without a value becomes `***` too, since it may itself be a token), and the
/// fragment is dropped. Scheme, host, port and path stay, because they are what an operator needs
/// to find the failing peer; do not put secrets in paths.
public enum URLRedaction {
    static let mask = "***"

    /// `url` without credentials, query values or fragment.
    public static func redact(_ url: String) -> String {
        let parts = URLParts(url)
        var out = String(parts.scheme + parts.hostAndPort + parts.path)
        if let query = parts.query {
            let masked = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                guard let equals = pair.firstIndex(of: "=") else { return pair.isEmpty ? "" : mask }
                let value = pair[pair.index(after: equals)...]
                return String(pair[...equals]) + (value.isEmpty ? "" : mask)
            }
            out += "?" + masked.joined(separator: "&")
        }
        return out
    }

    /// `message` with every secret of `url` (user, password, query values of 4+ characters)
    /// replaced by `***`. Shorter values are left alone so that numbers in messages survive.
    static func scrub(_ message: String, secretsOf url: String) -> String {
        let parts = URLParts(url)
        var secrets: [Substring] = []
        if let userInfo = parts.userInfo {
            secrets.append(userInfo)
            secrets.append(contentsOf: userInfo.split(separator: ":"))
        }
        for pair in (parts.query ?? "").split(separator: "&") {
            if let equals = pair.firstIndex(of: "=") { secrets.append(pair[pair.index(after: equals)...]) }
        }
        var scrubbed = message
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 4 {
            scrubbed = scrubbed.replacing(secret, with: mask)
        }
        return scrubbed
    }
}

/// A URL cut into the pieces redaction needs; lenient, never fails.
private struct URLParts {
    var scheme: Substring = ""      // "https://"
    var userInfo: Substring?        // "user:pass"
    var hostAndPort: Substring = ""
    var path: Substring = ""
    var query: Substring?

    init(_ url: String) {
        var rest = Substring(url)
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        if let separator = rest.range(of: "://") {
            scheme = rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            userInfo = authority[..<at]
            hostAndPort = authority[authority.index(after: at)...]
        } else {
            hostAndPort = authority
        }
        rest = rest[authorityEnd...]
        if let question = rest.firstIndex(of: "?") {
            path = rest[..<question]
            query = rest[rest.index(after: question)...]
        } else {
            path = rest
        }
    }
}
