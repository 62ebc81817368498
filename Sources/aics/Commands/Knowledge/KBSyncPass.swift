import Foundation
import KnowledgeSync

/// One pass of `aics kb sync`: read the source, plan, print, apply, report.
struct KBSyncPass: Sendable {
    var runner: SyncRunner
    var display: SyncDisplay
    var source: String
    var dryRun: Bool
    /// Set for scheduled syncs.
    var interval: Duration?

    /// False when something failed. Standard output is flushed at the end: a scheduled sync's
    /// output usually goes to a file, where it would otherwise wait for the buffer to fill.
    func run() async throws -> Bool {
        defer { fflush(nil) }
        let documents: [SourceDocument]
        let skipped: [String]
        do {
            let read = try SourceReader.read(source)
            documents = read.documents
            skipped = read.skipped
        } catch {
            throw CommandFailure("nothing synced: \(error)")
        }
        let progress = SyncProgressBar()
        let (display, dryRun) = (display, dryRun)
        let outcome: SyncRunner.Outcome
        do {
            outcome = try await runner.run(
                source: documents, sourceLabel: source, dryRun: dryRun, interval: interval,
                onPlan: { plan in
                    print(display.plan(plan, documents: documents.count, skipped: skipped, dryRun: dryRun))
                    fflush(nil)
                    progress.start(total: plan.changeCount)
                },
                progress: { progress.update($0) })
        } catch {
            progress.finish()
            throw CommandFailure("the sync stopped: \(error)")
        }
        progress.finish()
        switch outcome {
        case .busy:
            print("another process is syncing bot \(display.botName) right now; nothing done")
            return interval != nil
        case .notDue:
            print("bot \(display.botName) was synced less than \(interval.map(DurationText.format) ?? "") ago (by another process); nothing done")
            return true
        case .planned:
            return true
        case .finished(_, let report):
            print(display.report(report))
            return report.succeeded
        }
    }
}
