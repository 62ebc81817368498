/// Decides a sync from three views of one bot's target, as a pure value: the source, what the
/// state recorded, and what the provider lists. Inputs in any order give the same plan (sorted
/// by path, then provider id).
///
/// - A source document whose recorded copy the provider still lists is unchanged when its hash
///   matches and it was synced, else updated over that copy.
/// - Any other source document is added (a recorded id the provider lacks is cleaned up too).
/// - A recorded document the source lost is removed.
/// - A document the provider lists that no recorded row names is an orphan of a crash: removed.
public enum SyncPlanner {
    public static func plan(source: [SourceFingerprint], recorded: [RecordedDocument], listed: [ProviderDocument]) -> SyncPlan {
        let listedIDs = Set(listed.map(\.id))
        var recordedByPath: [String: RecordedDocument] = [:]
        for row in recorded { recordedByPath[row.path] = row }
        var plan = SyncPlan()
        var sourcePaths = Set<String>()
        for document in source.sorted(by: { $0.path < $1.path }) where sourcePaths.insert(document.path).inserted {
            let row = recordedByPath[document.path]
            if let row, let id = row.providerID, listedIDs.contains(id) {
                if row.contentHash == document.contentHash, row.status == .synced {
                    plan.unchanged.append(document.path)
                } else {
                    plan.updates.append(.init(path: document.path, contentHash: document.contentHash, replacing: id, stale: nil))
                }
            } else {
                plan.adds.append(.init(path: document.path, contentHash: document.contentHash, replacing: nil, stale: row?.providerID))
            }
        }
        for row in recordedByPath.values.sorted(by: { $0.path < $1.path }) where !sourcePaths.contains(row.path) {
            plan.removals.append(.init(path: row.path, providerID: row.providerID, orphan: false))
        }
        let known = Set(recordedByPath.values.compactMap(\.providerID))
        let orphans = listed.filter { !known.contains($0.id) }
            .sorted { ($0.path ?? "", $0.id) < ($1.path ?? "", $1.id) }
        var seen = Set<String>()
        for orphan in orphans where seen.insert(orphan.id).inserted {
            plan.removals.append(.init(path: orphan.path, providerID: orphan.id, orphan: true))
        }
        return plan
    }
}
