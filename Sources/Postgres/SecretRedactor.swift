import CLibPQ

/// Removes the password of a connection string from text meant for humans.
struct SecretRedactor: Sendable {
    let url: String
    let password: String?

    init(url: String) {
        self.url = url
        self.password = Self.password(in: url)
    }

    var redactedURL: String {
        var text = Self.redactingURIUserInfo(url)
        if let password, !password.isEmpty {
            text = text.replacingAll(password, with: "***")
        }
        return text
    }

    /// `text` with every occurrence of the password replaced.
    func scrub(_ text: String) -> String {
        guard let password, password.count >= 3 else { return text }
        return text.replacingAll(password, with: "***")
    }

    /// `postgresql://user:secret@host` becomes `postgresql://user:***@host`, encoded or not.
    private static func redactingURIUserInfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
              let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<rest.index(after: colon)]) + "***" + String(url[at...])
    }

    /// The password as libpq parses it, decoded.
    private static func password(in url: String) -> String? {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            if let error { PQfreemem(error) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val {
                return String(cString: value)
            }
            option += 1
        }
        return nil
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
