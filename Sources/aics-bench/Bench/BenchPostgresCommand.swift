import ArgumentParser
import CommandSupport
import Foundation
import Logging
import Postgres

/// `aics bench postgres`: reply-history inserts per second, one by one versus batched, and the
/// cost of one small statement per round trip.
struct BenchPostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Measure reply-history inserts/s (one by one, pipelined, batched with unnest) and small statements/s.",
        discussion: """
        Applies the migrations into a scratch schema (aics_bench_<pid>, dropped afterwards) of the \
        given database and inserts synthetic history rows (Chinese and English text, sources \
        JSON) into its reply_history table with every method, then runs small statements by \
        primary key (one per round trip), printing rows/s for each and the CPU time per row of \
        this process (client) and of the connection's server backend (server; read from \
        /proc/<pid>/stat, so only when the server runs on this machine, else "-"). Compare \
        --prepared-statements 0 (every statement parsed and planned anew) with the default. Use a \
        release build: swift build -c release --product aics-bench && .build/release/aics-bench bench postgres --database-url ...
        """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var migrations: MigrationsOptions

    @Option(help: "Rows per method.")
    var rows = 5_000

    @Option(help: "Rows for the slow one-row-per-transaction method.")
    var singleRows = 2_000

    @Option(help: "Comma-separated batch sizes for the unnest method.")
    var batchSizes = "10,100,1000,5000"

    @Option(help: "Statements for each small-statement method.")
    var smallStatements = 20_000

    @Option(help: "Prepared statements kept per connection; 0 sends every statement unnamed (parsed and planned each time).")
    var preparedStatements = 256

    func run() async throws {
        var logger = Logger(label: "aics.bench.postgres")
        logger.logLevel = .warning
        let sizes = batchSizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        guard !sizes.isEmpty, rows > 0, singleRows > 0 else { throw ValidationError("rows and batch sizes must be positive") }
        let schema = "aics_bench_\(getpid())"
        let configuration = PostgresConfiguration(
            url: try database.resolvedURL(), poolSize: 1, schema: schema, preparedStatementCacheSize: preparedStatements)
        let pool = PostgresPool(configuration: configuration, logger: logger)
        defer { pool.shutdown() }
        try await PostgresMigrator(pool: pool, logger: logger).migrate(try migrations.load().migrations)
        print("database \(configuration.redactedURL), scratch schema \(schema), prepared statements per connection \(preparedStatements)")
        do {
            try await measure(pool, batchSizes: sizes)
        } catch {
            _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await pool.execute("DROP SCHEMA \(schema) CASCADE")
    }

    private func measure(_ pool: PostgresPool, batchSizes sizes: [Int]) async throws {
        // One connection (pool size 1), so one server backend does all the work.
        let backend = CPUClock(backendPID: try await pool.query("SELECT pg_backend_pid()")[0].decode(0, as: Int32.self))
        print("method".padding(toLength: 40, withPad: " ", startingAt: 0) + "rows".leftAligned(8) + "rows/s".leftAligned(10)
            + "client µs/row".leftAligned(15) + "server µs/row")

        try await report("one row per transaction", count: singleRows, backend: backend) { samples in
            for row in samples { try await pool.execute(HistoryRowSample.insertOne, row.parameters) }
        }
        try await report("one row per statement, one transaction", count: rows, backend: backend) { samples in
            try await pool.withTransaction { connection in
                for row in samples { try await connection.execute(HistoryRowSample.insertOne, row.parameters) }
            }
        }
        try await report("pipeline, one transaction", count: rows, backend: backend) { samples in
            _ = try await pool.withTransaction { connection in
                try await connection.pipeline(samples.map { PostgresStatement(HistoryRowSample.insertOne, $0.parameters) })
            }
        }
        for size in sizes {
            try await report("unnest, \(size) rows per statement", count: max(rows, size), backend: backend) { samples in
                var start = 0
                while start < samples.count {
                    let batch = samples[start..<min(start + size, samples.count)]
                    try await pool.execute(HistoryRowSample.insertMany, HistoryRowSample.arrayParameters(batch))
                    start += size
                }
            }
        }
        let total = try await pool.query("SELECT count(*) FROM reply_history")[0].decode(0, as: Int.self)
        print("(\(total) rows written in all)")
        try await measureSmallStatements(pool, backend: backend)
    }

    /// One small statement per round trip, where parsing and planning weigh most.
    private func measureSmallStatements(_ pool: PostgresPool, backend: CPUClock) async throws {
        let keys = 1_000
        try await pool.execute("CREATE TABLE bench_counters (id int PRIMARY KEY, hits bigint NOT NULL, note text)")
        try await pool.execute("INSERT INTO bench_counters SELECT i, 0, NULL FROM generate_series(1, $1::int) AS i", [keys])
        try await report("small UPDATE by key, one transaction", count: smallStatements, backend: backend) { samples in
            try await pool.withTransaction { connection in
                for index in samples.indices {
                    try await connection.execute(
                        "UPDATE bench_counters SET hits = hits + $2, note = $3 WHERE id = $1", [index % keys + 1, 1, samples[index].tenantID])
                }
            }
        }
        try await report("small SELECT by key", count: smallStatements, backend: backend) { samples in
            try await pool.withConnection { connection in
                for index in samples.indices {
                    _ = try await connection.query("SELECT hits, note FROM bench_counters WHERE id = $1", [index % keys + 1])
                }
            }
        }
    }

    private func report(
        _ name: String, count: Int, backend: CPUClock, _ body: ([HistoryRowSample]) async throws -> Void
    ) async throws {
        let samples = HistoryRowSample.make(count: count, prefix: UUID().uuidString)
        let clock = ContinuousClock()
        let clientBefore = CPUClock.processSeconds(), serverBefore = backend.seconds()
        let elapsed = try await clock.measure { try await body(samples) }
        let clientCPU = CPUClock.processSeconds() - clientBefore
        let serverAfter = backend.seconds()
        let serverCPU = serverBefore.flatMap { before in serverAfter.map { $0 - before } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Int((Double(count) / seconds).rounded())
        func perRow(_ cpu: Double) -> String { String(format: "%.1f", cpu / Double(count) * 1e6) }
        print(name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(count).leftAligned(8) + String(rate).leftAligned(10)
            + perRow(clientCPU).leftAligned(15) + (serverCPU.map(perRow) ?? "-"))
    }
}

/// CPU time of this process and of one server backend on the same machine.
private struct CPUClock {
    let backendPID: Int32

    /// User plus system seconds of this process (all threads).
    static func processSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// User plus system seconds of the backend (`/proc/<pid>/stat` fields 14 and 15, in clock
    /// ticks); nil when the server runs elsewhere (no local postgres process with that pid).
    func seconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(backendPID)/stat", encoding: .utf8),
              stat.contains("(postgres) "),
              let afterName = stat.range(of: ") ", options: .backwards) else { return nil }
        // Fields after the command name start at field 3 (state).
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

extension String {
    fileprivate func leftAligned(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
