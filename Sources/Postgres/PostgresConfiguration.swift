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
    /// How many prepared statements each connection keeps (least recently used out first). Every
    /// statement run through `query`/`execute`/`pipeline` is prepared once per connection and
    /// reused, so the server parses and plans it once; 0 runs every statement unnamed.
    public var preparedStatementCacheSize: Int

    public init(
        url: String,
        poolSize: Int = 8,
        statementTimeout: Duration? = nil,
        connectTimeoutSeconds: Int = 10,
        applicationName: String = "aics",
        schema: String? = nil,
        preparedStatementCacheSize: Int = 256
    ) {
        self.url = url
        self.poolSize = max(1, poolSize)
        self.statementTimeout = statementTimeout
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
        self.schema = schema
        self.preparedStatementCacheSize = max(0, preparedStatementCacheSize)
    }

    /// The URL with any password replaced by `***`, safe to print.
    public var redactedURL: String {
        SecretRedactor(url: url).redactedURL
    }
}
