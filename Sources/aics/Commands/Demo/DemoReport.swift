import Postgres

/// The end of the demo: counts of what happened and a query an analyst could run on the history.
struct DemoReport {
    let scenario: DemoScenario
    let pool: PostgresPool
    let printer: DemoPrinter

    struct Counts: Equatable {
        var messages = 0
        var suggestions = 0
        var failedSuggestions = 0
        var replies = 0
        var handoffs = 0
        var skips = 0
        var deadLetters = 0
    }

    static func count(_ outcomes: [String: DemoOutcome], messages: Int) -> Counts {
        var counts = Counts(messages: messages)
        for outcome in outcomes.values {
            switch outcome {
            case .output(let output) where output.isSuggestion:
                if output.status == "ok" { counts.suggestions += 1 } else { counts.failedSuggestions += 1 }
            case .output(let output) where output.kind == "handoff": counts.handoffs += 1
            case .output: counts.replies += 1
            case .skip: counts.skips += 1
            case .deadLetter: counts.deadLetters += 1
            }
        }
        return counts
    }

    func summary(_ counts: Counts, brokenRecords: Int, deadLetterRecords: Int) {
        printer.section("Summary")
        printer.note("customer messages in: \(counts.messages), each with exactly one outcome:")
        printer.note("suggestions: \(counts.suggestions) (+\(counts.failedSuggestions) without answer) · replies: \(counts.replies) · handoffs: \(counts.handoffs)")
        printer.note("skips: \(counts.skips) · dead letters: \(counts.deadLetters)")
        printer.note("broken records: \(brokenRecords) sent, \(deadLetterRecords) on \(DefaultTopics.deadLetter) with a reason")
    }

    /// The history rows the worker writes in batches, once they are all there.
    func waitForHistory(rows expected: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let rows = try await pool.query("SELECT count(*)::int FROM reply_history WHERE tenant_id = $1", [scenario.tenantID])
            if try rows.first?.decode(0, as: Int.self) ?? 0 >= expected { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// An analyst's query on `reply_history`, printed and run.
    func analystQuery() async throws {
        let sql = """
            SELECT mode, kind, outcome, split_part(reason, ':', 1) AS reason,
                   count(*) AS n, round(avg(total_latency_ms)) AS avg_ms
            FROM reply_history
            WHERE tenant_id = '\(scenario.tenantID)'
              AND created_at > now() - interval '1 day'
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
            """
        printer.section("What an analyst can ask Postgres (psql \"$AICS_DATABASE_URL\")")
        for line in sql.split(separator: "\n") { print("   " + line) }
        print("")
        let rows = try await pool.query("""
            SELECT mode, kind, outcome, coalesce(split_part(reason, ':', 1), ''), count(*)::text, coalesce(round(avg(total_latency_ms))::text, '')
            FROM reply_history
            WHERE tenant_id = $1 AND created_at > now() - interval '1 day'
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """, [scenario.tenantID])
        var table: [[String]] = []
        for row in rows {
            table.append(try (0..<6).map { try row.decode($0, as: String.self) })
        }
        printer.table(["mode", "kind", "outcome", "reason", "n", "avg_ms"], table)
    }
}
