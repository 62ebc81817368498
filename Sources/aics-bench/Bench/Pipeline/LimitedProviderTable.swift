import Foundation

/// The limited-provider scenario's lines of the printed report.
enum LimitedProviderTable {
    static func render(_ result: LimitedProviderResult) -> [String] {
        var lines = ["", "Limited provider (issue 15): \(result.title); \(result.workers) worker(s), max-in-flight \(result.maxInFlight), "
            + "capped bot max_concurrency \(result.cappedBotMaxConcurrency.map(String.init) ?? "none (learned from 429s)")"]
        let rows: [[String]] = [
            ["load", "messages", "offered/s", "answers/s", "of cap", "e2e p50/p95/p99 ms", "429s", "max active", "CPU % wrk/bench/pg/oth/idle", "checks"],
            ["capped, backlog at once", "\(result.cappedMessages) in \(result.cappedConversations) convs", "at once",
             String(format: "%.1f (all: %.1f)", result.cappedThroughput, result.cappedOverallThroughput),
             String(format: "%.1f%% of %.0f", result.cappedShareOfCap * 100, result.capThroughput),
             ReportTable.triple(result.cappedEndToEndMilliseconds), String(result.tooManyRequests), "\(result.maxObservedActive) (cap \(result.cap))",
             result.cpuShareBeside?.percentages ?? "n/a", result.passed ? "ok" : "FAILED"],
            ["other tenant alone", String(result.otherMessagesPerPhase), String(format: "%.0f", result.otherRate), "-", "-",
             ReportTable.triple(result.otherAloneMilliseconds), "-", "-", result.cpuShareAlone?.percentages ?? "n/a", ""],
            ["other tenant beside", String(result.otherMessagesPerPhase), String(format: "%.0f", result.otherRate), "-", "-",
             ReportTable.triple(result.otherBesideMilliseconds), "-", "-", "(as capped)", ""],
        ]
        lines.append(contentsOf: ReportTable.align(rows))
        lines.append(String(format: "other tenant p99 beside / alone: %@; capped backlog drained in %.1f s",
                            result.otherP99Ratio.map { String(format: "%.2fx", $0) } ?? "n/a", result.cappedElapsedSeconds))
        if !result.admission.isEmpty {
            let limits = steps(result.admission.map(\.limit)).map(String.init).joined(separator: " -> ")
            lines.append("worker's limit for the capped bot (bot_admission_stats, sampled in phase 2): \(limits); "
                + "queued up to \(result.admission.map(\.queued).max()!), wait p95 up to \(result.admission.map(\.waitP95Milliseconds).max()!) ms")
        }
        if !result.targets.isEmpty {
            lines.append("Targets (issue 15):")
            for target in result.targets {
                lines.append("  \(target.met ? "met " : "MISS") \(target.name): \(target.measured) (goal \(target.goal))")
            }
        }
        if !result.passed {
            lines.append("FAILED checks in \(result.key):")
            for failure in result.checks.failures { lines.append("  - \(failure)") }
        }
        return lines
    }

    /// The values as they changed: consecutive repeats dropped, at most `limit` changes (the last ones).
    static func steps(_ values: [Int], limit: Int = 12) -> [Int] {
        var changes: [Int] = []
        for value in values where changes.last != value { changes.append(value) }
        return Array(changes.suffix(limit))
    }
}
