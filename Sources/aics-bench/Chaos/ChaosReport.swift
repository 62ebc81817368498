import Foundation

/// What a chaos run found, printed and written as JSON.
struct ChaosReport: Sendable, Encodable {
    var runID: String
    var settings: String
    var verdict: ChaosChecker.Verdict
    var faults: [FaultEvent]
    var loadSeconds: Double
    /// From the end of the load until every message had its outcome (or the settle timeout).
    var settleSeconds: Double
    /// The normal backlog of unanswered messages the recovery times measure against.
    var normalBacklog: Double
    /// Anything that went wrong around the checks: workers that exited on their own, faults that
    /// could not be injected, unreadable outputs.
    var problems: [String]
    /// Facts about the run itself, e.g. injected provider failures no request used up.
    var notes: [String] = []

    var resendShare: Double { verdict.resendShare }
    var passed: Bool { verdict.passed }

    /// Median and maximum recovery and partition stall per fault kind.
    struct FaultSummary: Sendable, Codable {
        var count: Int
        var medianRecoverySeconds: Double?
        var maxRecoverySeconds: Double?
        /// Faults after which the backlog did not get back to normal before the run ended.
        var notRecovered: Int
        var medianStallSeconds: Double
        var maxStallSeconds: Double
    }

    var summaries: [String: FaultSummary] {
        var result: [String: FaultSummary] = [:]
        for kind in ChaosFault.allCases {
            let events = faults.filter { $0.kind == kind }
            guard !events.isEmpty else { continue }
            let recoveries = events.compactMap { $0.recovery?.recoverySeconds }.sorted()
            let stalls = events.compactMap { $0.recovery?.longestStallSeconds }.sorted()
            result[kind.rawValue] = FaultSummary(
                count: events.count, medianRecoverySeconds: recoveries.isEmpty ? nil : recoveries[recoveries.count / 2],
                maxRecoverySeconds: recoveries.last, notRecovered: events.count - recoveries.count,
                medianStallSeconds: stalls.isEmpty ? 0 : stalls[stalls.count / 2], maxStallSeconds: stalls.last ?? 0)
        }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case runID, settings, verdict, faults, loadSeconds, settleSeconds, normalBacklog, problems, notes, resendShare, passed, summaries
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runID, forKey: .runID)
        try container.encode(settings, forKey: .settings)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(faults, forKey: .faults)
        try container.encode(loadSeconds, forKey: .loadSeconds)
        try container.encode(settleSeconds, forKey: .settleSeconds)
        try container.encode(normalBacklog, forKey: .normalBacklog)
        try container.encode(problems, forKey: .problems)
        try container.encode(notes, forKey: .notes)
        try container.encode(resendShare, forKey: .resendShare)
        try container.encode(passed, forKey: .passed)
        try container.encode(summaries, forKey: .summaries)
    }

    var text: String {
        var lines: [String] = []
        let v = verdict
        lines.append("")
        lines.append("messages            \(v.messages)")
        lines.append("outcomes            " + v.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        lines.append("lost                \(v.lost)")
        lines.append("conflicting         \(v.conflicting)")
        lines.append("order violations    \(v.orderViolations)")
        lines.append(String(format: "same-id re-sends    %d (%.1f%% of %d distinct outputs)", v.resends, resendShare * 100, v.distinctOutputs))
        if v.foreign > 0 { lines.append("foreign/unreadable  \(v.foreign)") }
        lines.append(String(format: "load %.1f s, settled %.1f s after it; normal backlog %.0f messages", loadSeconds, settleSeconds, normalBacklog))
        lines.append("")
        lines.append("recovery per fault (s after load start: kind, recovery = backlog normal again, longest partition silence, peak backlog)")
        for event in faults {
            let recovery = event.recovery
            let recoveryText = recovery.map { $0.recoverySeconds.map { String(format: "%5.1f s", $0) } ?? "  never" } ?? "  n/a"
            lines.append(String(format: "  %7.1f  %-17@ recovery %@  silence %5.1f s  peak %5d  %@",
                                event.start, event.kind.rawValue as NSString, recoveryText as NSString,
                                recovery?.longestStallSeconds ?? 0, recovery?.peakBacklog ?? 0, event.detail as NSString))
        }
        lines.append("by kind (median / max recovery, median / max silence):")
        for (kind, summary) in summaries.sorted(by: { $0.key < $1.key }) {
            let median = summary.medianRecoverySeconds.map { String(format: "%.1f", $0) } ?? "-"
            let max = summary.maxRecoverySeconds.map { String(format: "%.1f", $0) } ?? "-"
            lines.append(String(format: "  %-17@ %3d x  recovery %@ / %@ s%@  silence %.1f / %.1f s",
                                kind as NSString, summary.count, median as NSString, max as NSString,
                                (summary.notRecovered > 0 ? " (\(summary.notRecovered) never)" : "") as NSString,
                                summary.medianStallSeconds, summary.maxStallSeconds))
        }
        for (title, examples) in [("lost", v.lostExamples), ("conflicting", v.conflictExamples), ("order violations", v.orderExamples)] where !examples.isEmpty {
            lines.append("\(title), e.g.:")
            lines += examples.map { "  " + $0 }
        }
        lines += notes
        if !problems.isEmpty {
            lines.append("problems:")
            lines += problems.map { "  " + $0 }
        }
        lines.append(passed ? "PASSED: nothing lost, nothing conflicting, order kept" : "FAILED")
        return lines.joined(separator: "\n")
    }
}
