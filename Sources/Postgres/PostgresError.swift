/// A failure of the Postgres layer. Its text never contains the password of the connection URL.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; `server` failures carry the SQLSTATE in `sqlState`.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be established.
        case connectionFailed
        /// The connection died while the statement ran (server restart, network loss); the
        /// statement may or may not have taken effect. The pool replaces the connection.
        case connectionLost
        /// The server rejected the statement; see `sqlState`.
        case server
        /// `statement_timeout` cancelled the statement (SQLSTATE 57014).
        case statementTimeout
        /// The calling Task was cancelled; a running statement was cancelled on the server.
        case cancelled
        /// A column could not be read as the requested Swift type.
        case decoding
        /// The pool was shut down.
        case poolShutdown
        /// A parameter's text cannot be sent as it is (it contains U+0000, which Postgres text
        /// cannot store); the statement was refused before anything reached the server.
        case invalidParameter
    }

    public var kind: Kind
    /// The five-character SQLSTATE the server reported, if any (e.g. "23505").
    public var sqlState: String?
    /// The primary message, already free of secrets.
    public var message: String
    /// The server's DETAIL line, if any.
    public var detail: String?

    public init(_ kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
    }

    public var description: String {
        var text = "postgres \(kind)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}
