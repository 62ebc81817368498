import KnowledgeSync

/// The texts `aics kb sync` prints: the plan before, the report after.
struct SyncDisplay: Sendable {
    var botName: String
    var target: String

    func plan(_ plan: SyncPlan, documents: Int, skipped: [String], dryRun: Bool) -> String {
        var lines = ["plan for bot \(botName) → \(target): \(documents) source documents\(dryRun ? " (dry run: nothing changes)" : "")"]
        for write in plan.adds { lines.append("  + add        \(write.path)") }
        for write in plan.updates { lines.append("  ~ update     \(write.path)") }
        for removal in plan.removals {
            let what = removal.path ?? removal.providerID ?? "?"
            lines.append("  - remove     \(what)\(removal.orphan ? " (not put there by a sync: \(removal.providerID ?? ""))" : "")")
        }
        lines.append("  = unchanged  \(plan.unchanged.count)")
        for path in skipped { lines.append("  ! skipped    \(path) (not a knowledge file: .md, .txt, .csv, .jsonl)") }
        if plan.isEmpty { lines.append("nothing to do: the provider holds exactly the source") }
        return lines.joined(separator: "\n")
    }

    func report(_ report: SyncReport) -> String {
        var lines = [
            "synced bot \(botName) → \(report.target): added \(report.added), updated \(report.updated), removed \(report.removed), unchanged \(report.unchanged), failed \(report.failed)",
        ]
        for failure in report.failures { lines.append("  failed \(failure.action) \(failure.path): \(failure.reason)") }
        if report.retries > 0 {
            lines.append(
                "  retried \(report.retries) request(s), \(report.rateLimited) after a rate limit; waited \(report.waitedMilliseconds) ms for the provider")
        }
        return lines.joined(separator: "\n")
    }
}
