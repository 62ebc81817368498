import Foundation
import Postgres

/// One sync of a bot as a command or the admin API runs it: under the bot's advisory lock, a
/// run row around it, the plan shown before anything changes.
public struct SyncRunner: Sendable {
    public enum Outcome: Sendable {
        /// Another process is syncing this bot right now.
        case busy
        /// A scheduled sync found that a run of this bot started less than its interval ago.
        case notDue
        /// `--dry-run`: the plan, nothing changed.
        case planned(SyncPlan)
        case finished(SyncPlan, SyncReport)
    }

    let engine: KnowledgeSyncEngine
    let runs: SyncRunStore
    let botID: UUID

    public init(engine: KnowledgeSyncEngine, pool: PostgresPool, botID: UUID) {
        self.engine = engine
        runs = SyncRunStore(pool: pool)
        self.botID = botID
    }

    /// - Parameters:
    ///   - sourceLabel: what the run row names as the source (a path, an upload).
    ///   - interval: for scheduled syncs: skip when a run started less than this long ago (by any process).
    ///   - onPlan: called with the plan before any change.
    public func run(
        source: [SourceDocument], sourceLabel: String, dryRun: Bool, interval: Duration? = nil,
        onPlan: @Sendable (SyncPlan) -> Void = { _ in }, progress: @Sendable (SyncProgress) -> Void = { _ in }
    ) async throws -> Outcome {
        let target = engine.target.stateKey
        let outcome = try await runs.withBotLock(botID) { () async throws -> Outcome in
            if let interval, let since = try await runs.secondsSinceLastRun(botID: botID, target: target),
               since < Double(interval.components.seconds) * 0.9 {
                return .notDue
            }
            let plan = try await engine.plan(source)
            onPlan(plan)
            if dryRun { return .planned(plan) }
            let run = try await runs.start(botID: botID, target: target, source: sourceLabel)
            let report = await engine.apply(plan, source: source, progress: progress)
            try await runs.finish(run, report: report)
            return .finished(plan, report)
        }
        return outcome ?? .busy
    }
}
