import Foundation

/// The report as plain text for a terminal.
enum ReportTable {
    static func render(_ report: BenchReport) -> String {
        var lines: [String] = []
        lines.append("aics bench pipeline: \(report.machine.cpus) CPUs (\(report.machine.model)), \(report.build) build, \(report.startedAt)")
        lines.append("")
        let header = ["scenario", "workers", "in-flight", "provider", "messages", "convs", "offered/s", "msg/s",
                      "e2e p50/p95/p99 ms", "overhead p50/p95/p99 ms", "CPU µs/msg", "CPU s/1k per worker", "CPU % wrk/bench/pg/oth/idle", "peak RSS MiB", "Little", "checks"]
        var rows = [header]
        for result in report.scenarios {
            rows.append([
                result.key,
                String(result.workers),
                String(result.maxInFlight),
                result.providerDelayMilliseconds > 0 ? String(format: "%.0f ms", result.providerDelayMilliseconds) : "instant",
                String(result.messages),
                String(result.conversations),
                result.offeredRate.map { String(format: "%.0f", $0) } ?? "max",
                String(format: "%.0f", result.throughput),
                triple(result.endToEndMilliseconds),
                triple(result.overheadMilliseconds),
                String(format: "%.0f", result.cpuMicrosecondsPerMessage),
                result.cpuSecondsPerThousand.map { String(format: "%.3f", $0) }.joined(separator: " "),
                result.cpuShare?.percentages ?? "n/a",
                result.peakResidentMiB.map { String(format: "%.0f", $0) }.joined(separator: " "),
                result.littleShare.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                result.passed ? "ok" : "FAILED",
            ])
        }
        if !report.scenarios.isEmpty { lines.append(contentsOf: align(rows)) }
        lines.append("")
        if let ratio = report.baselineRatio { lines.append(String(format: "slow / baseline (one in flight per partition): %.1fx", ratio)) }
        if let scaling = report.scalingFactor { lines.append(String(format: "scale-3 / scale-1 (three workers against one): %.2fx", scaling)) }
        if !report.targets.isEmpty {
            lines.append("")
            lines.append("Targets (issue 7):")
            for target in report.targets {
                lines.append("  \(target.met ? "met " : "MISS") \(target.name): \(target.measured) (goal \(target.goal))")
            }
        }
        if let limited = report.limitedProvider { lines.append(contentsOf: LimitedProviderTable.render(limited)) }
        if let timers = report.timers { lines.append(contentsOf: timers.lines) }
        for result in report.scenarios where !result.passed {
            lines.append("")
            lines.append("FAILED checks in \(result.key):")
            for failure in result.checks.failures { lines.append("  - \(failure)") }
        }
        return lines.joined(separator: "\n")
    }

    static func triple(_ percentiles: Percentiles) -> String {
        String(format: "%.1f/%.1f/%.1f", percentiles.p50, percentiles.p95, percentiles.p99)
    }

    static func align(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
    }
}
