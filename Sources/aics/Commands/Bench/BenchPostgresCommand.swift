import ArgumentParser
import Foundation
import Logging
import Postgres

/// `aics bench postgres`: reply-history inserts per second, one by one versus batched.
struct BenchPostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Measure reply-history inserts/s: one by one, pipelined, and batched with unnest.",
        discussion: """
        Applies the migrations into a scratch schema (aics_bench_<pid>, dropped afterwards) of the \
        given database and inserts synthetic history rows (Chinese and English text, sources \
        JSON) into its reply_history table with every method, printing rows/s for each. Use a \
        release build: swift build -c release && .build/release/aics bench postgres --database-url ...
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

    func run() async throws {
        var logger = Logger(label: "aics.bench.postgres")
        logger.logLevel = .warning
        let sizes = batchSizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        guard !sizes.isEmpty, rows > 0, singleRows > 0 else { throw ValidationError("rows and batch sizes must be positive") }
        let schema = "aics_bench_\(getpid())"
        let configuration = PostgresConfiguration(url: try database.resolvedURL(), poolSize: 1, schema: schema)
        let pool = PostgresPool(configuration: configuration, logger: logger)
        defer { pool.shutdown() }
        try await PostgresMigrator(pool: pool, logger: logger).migrate(try migrations.load().migrations)
        print("database \(configuration.redactedURL), scratch schema \(schema)")
        do {
            try await measure(pool, batchSizes: sizes)
        } catch {
            _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await pool.execute("DROP SCHEMA \(schema) CASCADE")
    }

    private func measure(_ pool: PostgresPool, batchSizes sizes: [Int]) async throws {
        print("method".padding(toLength: 40, withPad: " ", startingAt: 0) + "rows".leftAligned(8) + "rows/s".leftAligned(10))

        try await report("one row per transaction", count: singleRows) { samples in
            for row in samples { try await pool.execute(HistoryRowSample.insertOne, row.parameters) }
        }
        try await report("one row per statement, one transaction", count: rows) { samples in
            try await pool.withTransaction { connection in
                for row in samples { try await connection.execute(HistoryRowSample.insertOne, row.parameters) }
            }
        }
        try await report("pipeline, one transaction", count: rows) { samples in
            _ = try await pool.withTransaction { connection in
                try await connection.pipeline(samples.map { PostgresStatement(HistoryRowSample.insertOne, $0.parameters) })
            }
        }
        for size in sizes {
            try await report("unnest, \(size) rows per statement", count: max(rows, size)) { samples in
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
    }

    private func report(_ name: String, count: Int, _ body: ([HistoryRowSample]) async throws -> Void) async throws {
        let samples = HistoryRowSample.make(count: count, prefix: UUID().uuidString)
        let clock = ContinuousClock()
        let elapsed = try await clock.measure { try await body(samples) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Int((Double(count) / seconds).rounded())
        print(name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(count).leftAligned(8) + String(rate).leftAligned(10))
    }
}

extension String {
    fileprivate func leftAligned(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
