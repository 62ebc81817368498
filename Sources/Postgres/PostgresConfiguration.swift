import CLibPQ

/// How to reach the database and how to size and tune the pool.
public struct PostgresConfiguration: Sendable {
    /// A libpq connection string: `postgresql://user:password@host:port/db?param=value` or
    /// `host=... dbname=...`. Kept out of every log line and error text.
    public var url: String
    /// The most connections the pool opens.
    public var poolSize: Int
    /// Applied to every session (`SET statement_timeout`); `nil` keeps the server's default.
    public var statementTimeout: Duration?
    /// Seconds libpq waits for a connection; a URL `connect_timeout` wins over this.
    public var connectTimeoutSeconds: Int
    /// Shown in `pg_stat_activity`; a URL `application_name` wins over this.
    public var applicationName: String
    /// Every session's `search_path` is set to this schema (objects are created there and found
    /// there first); nil keeps the server's default (`"$user", public`).
    public var schema: String?

    public init(
        url: String,
        poolSize: Int = 8,
        statementTimeout: Duration? = nil,
        connectTimeoutSeconds: Int = 10,
        applicationName: String = "aics",
        schema: String? = nil
    ) {
        self.url = url
        self.poolSize = max(1, poolSize)
        self.statementTimeout = statementTimeout
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
        self.schema = schema
    }

    /// The URL with any password replaced by `***`, safe to print.
    public var redactedURL: String {
        SecretRedactor(url: url).redactedURL
    }
}

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
