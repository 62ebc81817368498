import Foundation
import Postgres
import Providers

/// Plans and applies the sync of one bot's target: the plan is `SyncPlanner`'s pure value over
/// the source, the recorded state and the provider's listing; applying it records each step in
/// Postgres before the provider call that performs it.
public struct KnowledgeSyncEngine: Sendable {
    public let target: any SyncTarget
    let state: SyncStateStore

    public init(target: any SyncTarget, pool: PostgresPool, botID: UUID) {
        self.target = target
        state = SyncStateStore(pool: pool, botID: botID, target: target.stateKey)
    }

    /// Reads the state and the provider's listing; changes nothing.
    public func plan(_ source: [SourceDocument]) async throws -> SyncPlan {
        let recorded = try await state.documents()
        let listed = try await target.listDocuments()
        return SyncPlanner.plan(
            source: source.map { SourceFingerprint(path: $0.path, contentHash: $0.contentHash) }, recorded: recorded, listed: listed)
    }

    /// Writes, then removes; a failed document is reported and the rest go on. Stops between
    /// documents when the task is cancelled.
    public func apply(
        _ plan: SyncPlan, source: [SourceDocument], progress: @Sendable (SyncProgress) -> Void = { _ in }
    ) async -> SyncReport {
        var report = SyncReport(target: target.label)
        report.unchanged = plan.unchanged.count
        let documents = Dictionary(source.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let total = plan.changeCount
        var done = 0
        let writes = plan.adds.map { ($0, "add") } + plan.updates.map { ($0, "update") }
        for (write, action) in writes {
            if Task.isCancelled { break }
            guard let document = documents[write.path] else { continue }
            let failure = await apply(write, document: document)
            done += 1
            if let failure {
                report.failures.append(.init(action: action, path: write.path, reason: failure))
            } else if action == "add" {
                report.added += 1
            } else {
                report.updated += 1
            }
            progress(SyncProgress(done: done, total: total, action: action, path: write.path, failure: failure))
        }
        for removal in plan.removals {
            if Task.isCancelled { break }
            let failure = await apply(removal)
            done += 1
            let path = removal.path ?? removal.providerID ?? ""
            if let failure {
                report.failures.append(.init(action: "remove", path: path, reason: failure))
            } else {
                report.removed += 1
            }
            progress(SyncProgress(done: done, total: total, action: "remove", path: path, failure: failure))
        }
        if let figures = target.pacing?.figures {
            report.retries = figures.retries
            report.rateLimited = figures.rateLimited
            report.waitedMilliseconds = Int(figures.waited.components.seconds * 1000 + figures.waited.components.attoseconds / 1_000_000_000_000_000)
        }
        return report
    }

    /// One write; nil when it worked, else the reason.
    private func apply(_ write: SyncPlan.Write, document: SourceDocument) async -> String? {
        let created = CreatedID(write.replacing)
        do {
            if let stale = write.stale { try? await target.remove(providerID: stale) }
            try await state.record(RecordedDocument(
                path: write.path, contentHash: write.contentHash, providerID: write.replacing, status: .writing))
            let state = self.state
            let id = try await target.write(document, replacing: write.replacing) { id in
                created.set(id)
                try await state.record(RecordedDocument(
                    path: write.path, contentHash: write.contentHash, providerID: id, status: .indexing))
            }
            try await state.record(RecordedDocument(path: write.path, contentHash: write.contentHash, providerID: id, status: .synced))
            return nil
        } catch {
            let reason = (error as? ProviderFailure)?.description ?? "\(error)"
            try? await state.record(RecordedDocument(
                path: write.path, contentHash: write.contentHash, providerID: created.value, status: .failed, error: reason))
            return reason
        }
    }

    /// One removal; nil when it worked, else the reason.
    private func apply(_ removal: SyncPlan.Removal) async -> String? {
        do {
            if !removal.orphan, let path = removal.path { try await state.mark(path: path, status: .removing) }
            if let id = removal.providerID { try await target.remove(providerID: id) }
            if !removal.orphan, let path = removal.path { try await state.forget(path: path) }
            return nil
        } catch {
            return (error as? ProviderFailure)?.description ?? "\(error)"
        }
    }
}

/// One step done, for progress displays.
public struct SyncProgress: Sendable {
    public var done: Int
    public var total: Int
    public var action: String
    public var path: String
    public var failure: String?
}

/// The provider id a write got, once the target reports it.
private final class CreatedID: @unchecked Sendable {
    private let lock = NSLock()
    private var id: String?

    init(_ id: String?) { self.id = id }

    var value: String? { lock.withLock { id } }
    func set(_ id: String) { lock.withLock { self.id = id } }
}
