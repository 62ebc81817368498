import CLibPQ
import Foundation
import Logging

/// One libpq connection, driven synchronously. Its calls block, so it is used from one dedicated
/// thread or serial queue at a time and never from the cooperative pool (except `isAlive`, which
/// does not block, and `cancel`, which libpq allows from any thread).
final class LibPQSession: @unchecked Sendable {
    private let handle: OpaquePointer
    private let cancelHandle: OpaquePointer?
    private let notices: NoticeLogger
    let redactor: SecretRedactor
    /// This connection's prepared statements; a new session starts empty, like the server's side.
    var statements: PreparedStatementCache

    private init(handle: OpaquePointer, notices: NoticeLogger, redactor: SecretRedactor, statementCacheSize: Int) {
        self.handle = handle
        self.cancelHandle = PQgetCancel(handle)
        self.notices = notices
        self.redactor = redactor
        self.statements = PreparedStatementCache(capacity: statementCacheSize)
    }

    /// Connects (blocking) and prepares the session: notices to the logger, ISO dates, timeouts.
    static func open(_ configuration: PostgresConfiguration, logger: Logger) throws(PostgresError) -> LibPQSession {
        let redactor = SecretRedactor(url: configuration.url)
        // Keywords before `dbname` are defaults the URL may override; `client_encoding` after it wins.
        let keywords = ["connect_timeout", "application_name", "dbname", "client_encoding"]
        let values = [String(configuration.connectTimeoutSeconds), configuration.applicationName, configuration.url, "UTF8"]
        let handle = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let handle else {
            throw PostgresError(.connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = redactor.scrub(String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
            PQfinish(handle)
            throw PostgresError(.connectionFailed, message: message)
        }
        let session = LibPQSession(
            handle: handle, notices: NoticeLogger(logger: logger, redactor: redactor), redactor: redactor,
            statementCacheSize: configuration.preparedStatementCacheSize)
        session.notices.install(on: handle)
        var setup = "SET DateStyle = 'ISO, MDY'"
        if let timeout = configuration.statementTimeout {
            setup += "; SET statement_timeout = \(max(1, timeout.milliseconds))"
        }
        if let schema = configuration.schema {
            setup += "; SET search_path TO \(quoteIdentifier(schema))"
        }
        do {
            try session.executeScript(setup)
        } catch {
            session.close()
            throw PostgresError(.connectionFailed, sqlState: error.sqlState, message: error.message)
        }
        return session
    }

    /// Runs one parameterised statement (extended protocol, text format, parameter types
    /// inferred by the server), as a prepared statement of this connection (see `statements`).
    func execute(_ sql: String, _ parameters: [any PostgresEncodable]) throws(PostgresError) -> PostgresRows {
        let texts = try ParameterTexts(parameters)
        deallocatePendingStatements()
        return try texts.withCStrings { values throws(PostgresError) in
            try execute(sql, values, retryingStale: true)
        }
    }

    private func execute(_ sql: String, _ values: [UnsafePointer<CChar>?], retryingStale: Bool) throws(PostgresError) -> PostgresRows {
        let count = Int32(values.count)
        switch statements.lookup(sql) {
        case .unprepared:
            return try rows(from: PQexecParams(handle, sql, count, nil, values, nil, nil, 0))
        case .prepare(let name):
            let prepared = PQprepare(handle, name, sql, 0, nil)
            defer { PQclear(prepared) }
            guard PQresultStatus(prepared) == PGRES_COMMAND_OK else {
                statements.forget(sql, name: name, existsOnServer: false)
                throw error(from: prepared)
            }
            return try rows(from: PQexecPrepared(handle, name, count, values, nil, nil, 0))
        case .cached(let name):
            let result = PQexecPrepared(handle, name, count, values, nil, nil, 0)
            let status = PQresultStatus(result)
            if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK { return PostgresRows(result: result!) }
            let failure = error(from: result)
            PQclear(result)
            guard let staleness = PreparedStatementCache.staleness(of: failure) else { throw failure }
            statements.handle(staleness, sql: sql, name: name)
            // Outside a transaction the failed statement changed nothing: prepare and run it again.
            // Inside one, the transaction is aborted now; the caller sees the error, the next try works.
            guard retryingStale, PQtransactionStatus(handle) == PQTRANS_IDLE else { throw failure }
            return try execute(sql, values, retryingStale: false)
        }
    }

    /// Deallocates statements the cache evicted or dropped, when no transaction could be hurt by
    /// a failure (the name may be gone already); otherwise they wait for the next idle moment.
    private func deallocatePendingStatements() {
        guard !statements.pendingDeallocations.isEmpty, PQtransactionStatus(handle) == PQTRANS_IDLE else { return }
        let script = statements.takePendingDeallocations().map { "DEALLOCATE " + Self.quoteIdentifier($0) }.joined(separator: "; ")
        PQclear(PQexec(handle, script))
    }

    /// Runs SQL text that may hold several statements (simple protocol, no parameters). Only for
    /// SQL written by us, such as migration files; values always go through `execute`.
    func executeScript(_ sql: String) throws(PostgresError) {
        // PQexec returns the last statement's result; an error stops the script and comes back there.
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(from: result) }
    }

    /// Turns a finished result into rows, or throws the error it carries.
    func rows(from result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
            return PostgresRows(result: result!)
        default:
            let failure = error(from: result)
            PQclear(result)
            throw failure
        }
    }

    /// The typed error for a failed result (or a missing one).
    func error(from result: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return redactor.scrub(String(cString: value))
        }
        let sqlState = field("C")
        let message = field("M") ?? redactor.scrub(
            String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
        let detail = field("D")
        let kind: PostgresError.Kind
        if PQstatus(handle) == CONNECTION_BAD {
            kind = .connectionLost
        } else if sqlState == "57014", message.contains("statement timeout") {
            kind = .statementTimeout
        } else if sqlState == "57014", message.contains("user request") {
            kind = .cancelled
        } else {
            kind = .server
        }
        return PostgresError(kind, sqlState: sqlState, message: message.isEmpty ? "unknown error" : message, detail: detail)
    }

    /// Whether the connection still works, checked without blocking. An idle connection has
    /// nothing to read unless the server is going away: on shutdown it sends a FATAL message
    /// (which libpq turns into a notice while idle) and closes the socket. So any pending input
    /// means the connection is not trusted for the next statement.
    func isAlive() -> Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        guard PQtransactionStatus(handle) == PQTRANS_IDLE else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Whether the connection can go back to the pool: not known dead and outside any transaction.
    /// Unlike `isAlive` no system call; the pool runs `isAlive` when it lends the connection again.
    var isReusable: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// The socket to wait on for input (LISTEN connections).
    var socket: Int32 { PQsocket(handle) }

    /// Reads what the socket has (after poll said readable); false if the connection died.
    func consumeInput() -> Bool {
        PQconsumeInput(handle) != 0 && PQstatus(handle) == CONNECTION_OK
    }

    /// Hands every notification received so far to `body`.
    func drainNotifications(_ body: (PostgresNotification) -> Void) {
        while let notify = PQnotifies(handle) {
            body(PostgresNotification(
                channel: String(cString: notify.pointee.relname),
                payload: String(cString: notify.pointee.extra),
                processID: Int(notify.pointee.be_pid)
            ))
            PQfreemem(notify)
        }
    }

    /// Asks the server to cancel the running statement; safe from any thread.
    func cancel() {
        guard let cancelHandle else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancelHandle, &buffer, Int32(buffer.count))
    }

    /// Quotes an identifier (channel, schema) for SQL text.
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Closes the connection. The session must not be used afterwards.
    func close() {
        if let cancelHandle { PQfreeCancel(cancelHandle) }
        PQfinish(handle)
    }

    /// The raw handle, for pipeline mode (same threading rules as the session).
    var raw: OpaquePointer { handle }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
func withCStringArray<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withOptionalCStringArray(strings.map { Optional($0) }) { pointers in
        body(pointers + [nil])
    }
}

/// Calls `body` with one C string (or NULL) per element, valid for the call.
func withOptionalCStringArray<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
