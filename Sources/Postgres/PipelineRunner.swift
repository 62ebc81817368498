import CLibPQ

/// Runs statements in libpq pipeline mode, in chunks so that neither side's socket buffer fills
/// while the other is not reading (libpq's socket is blocking here). Statements go through the
/// session's prepared-statement cache: a text new to the connection is prepared in the same
/// round trip, just before its first execution.
struct PipelineRunner {
    let session: LibPQSession
    static let chunkSize = 500

    /// One result the server owes us, in order.
    private enum Expected {
        case preparation(sql: String, name: String)
        case statement(sql: String, cachedName: String?)
    }

    /// How one attempt ended.
    private enum Outcome {
        case done([Int])
        /// A cached statement of the first chunk was stale; nothing of the pipeline took effect
        /// unless it runs inside a transaction.
        case staleInFirstChunk(PostgresError)
    }

    func run(_ statements: [PostgresStatement]) throws(PostgresError) -> [Int] {
        // Every statement's parameters are checked before the first one is sent.
        var texts: [ParameterTexts] = []
        texts.reserveCapacity(statements.count)
        for (index, statement) in statements.enumerated() {
            do {
                texts.append(try ParameterTexts(statement.parameters))
            } catch {
                var refused = error
                refused.detail = "statement \(index + 1) of \(statements.count) in the pipeline; nothing was sent"
                throw refused
            }
        }
        switch try runOnce(statements, texts) {
        case .done(let counts):
            return counts
        case .staleInFirstChunk(let failure):
            // The first chunk's implicit transaction rolled back and no later chunk ran: run it
            // all again with freshly prepared statements. Inside a transaction, the caller decides.
            guard PQtransactionStatus(session.raw) == PQTRANS_IDLE else { throw failure }
            if case .done(let counts) = try runOnce(statements, texts) { return counts }
            throw failure
        }
    }

    private func runOnce(_ statements: [PostgresStatement], _ texts: [ParameterTexts]) throws(PostgresError) -> Outcome {
        let handle = session.raw
        guard PQenterPipelineMode(handle) == 1 else {
            throw session.error(from: nil)
        }
        defer { _ = PQexitPipelineMode(handle) }
        var counts: [Int] = []
        counts.reserveCapacity(statements.count)
        var firstError: PostgresError?
        var firstErrorIsStale = false
        var expected: [Expected] = []
        var start = 0
        while start < statements.count {
            let chunk = start..<min(start + Self.chunkSize, statements.count)
            expected.removeAll(keepingCapacity: true)
            for index in chunk {
                try send(statements[index], texts[index], expecting: &expected)
            }
            guard PQpipelineSync(handle) == 1 else { throw failed() }
            for item in expected {
                // Each statement yields its result, then NULL.
                let result = PQgetResult(handle)
                guard result != nil else { throw failed() }
                let status = PQresultStatus(result)
                let succeeded = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                // Only the first failure is the server's word; it skips everything after it.
                if !succeeded, status != PGRES_PIPELINE_ABORTED, firstError == nil {
                    let failure = session.error(from: result)
                    firstError = failure
                    if case .statement(let sql, let cachedName?) = item, let staleness = PreparedStatementCache.staleness(of: failure) {
                        session.statements.handle(staleness, sql: sql, name: cachedName)
                        firstErrorIsStale = start == 0
                    }
                }
                switch item {
                case .preparation(let sql, let name):
                    if !succeeded { session.statements.forget(sql, name: name, existsOnServer: false) }
                case .statement:
                    counts.append(succeeded ? PostgresRows.affectedRows(of: result) : 0)
                }
                PQclear(result)
                while let extra = PQgetResult(handle) { PQclear(extra) }
            }
            // The chunk ends with its sync marker.
            let sync = PQgetResult(handle)
            let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
            PQclear(sync)
            guard synced else { throw failed() }
            if let firstError {
                if firstErrorIsStale { return .staleInFirstChunk(firstError) }
                throw firstError
            }
            start += Self.chunkSize
        }
        return .done(counts)
    }

    /// Queues one statement (and its preparation when the connection does not have it yet).
    private func send(_ statement: PostgresStatement, _ texts: ParameterTexts, expecting expected: inout [Expected]) throws(PostgresError) {
        let handle = session.raw
        let lookup = session.statements.lookup(statement.sql)
        if case .prepare(let name) = lookup {
            guard PQsendPrepare(handle, name, statement.sql, 0, nil) == 1 else { throw failed() }
            expected.append(.preparation(sql: statement.sql, name: name))
        }
        let sent = texts.withCStrings { values in
            switch lookup {
            case .unprepared:
                PQsendQueryParams(handle, statement.sql, Int32(values.count), nil, values, nil, nil, 0)
            case .prepare(let name), .cached(let name):
                PQsendQueryPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
            }
        }
        guard sent == 1 else { throw failed() }
        if case .cached(let name) = lookup {
            expected.append(.statement(sql: statement.sql, cachedName: name))
        } else {
            expected.append(.statement(sql: statement.sql, cachedName: nil))
        }
    }

    /// The error for a broken pipeline. Which queued preparations reached the server is unknown
    /// now, so the cache starts over (names are never reused, so none can clash later).
    private func failed() -> PostgresError {
        session.statements.forgetAll()
        return session.error(from: nil)
    }
}
