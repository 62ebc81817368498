import CLibPQ

/// Runs statements in libpq pipeline mode, in chunks so that neither side's socket buffer fills
/// while the other is not reading (libpq's socket is blocking here).
struct PipelineRunner {
    let session: LibPQSession
    static let chunkSize = 500

    func run(_ statements: [PostgresStatement]) throws(PostgresError) -> [Int] {
        let handle = session.raw
        guard PQenterPipelineMode(handle) == 1 else {
            throw session.error(from: nil)
        }
        defer { _ = PQexitPipelineMode(handle) }
        var counts: [Int] = []
        counts.reserveCapacity(statements.count)
        var firstError: PostgresError?
        var start = 0
        while start < statements.count {
            let chunk = statements[start..<min(start + Self.chunkSize, statements.count)]
            for statement in chunk {
                let sent = withOptionalCStringArray(statement.parameters.map(\.postgresText)) { values in
                    PQsendQueryParams(handle, statement.sql, Int32(values.count), nil, values, nil, nil, 0)
                }
                guard sent == 1 else { throw session.error(from: nil) }
            }
            guard PQpipelineSync(handle) == 1 else { throw session.error(from: nil) }
            for _ in chunk {
                // Each statement yields its result, then NULL.
                let result = PQgetResult(handle)
                guard result != nil else { throw session.error(from: nil) }
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                    counts.append(Int(String(cString: PQcmdTuples(result))) ?? 0)
                case PGRES_PIPELINE_ABORTED:
                    counts.append(0)
                default:
                    if firstError == nil { firstError = session.error(from: result) }
                    counts.append(0)
                }
                PQclear(result)
                while let extra = PQgetResult(handle) { PQclear(extra) }
            }
            // The chunk ends with its sync marker.
            let sync = PQgetResult(handle)
            let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
            PQclear(sync)
            guard synced else { throw session.error(from: nil) }
            if let firstError { throw firstError }
            start += Self.chunkSize
        }
        return counts
    }
}
