import KnowledgeSync
import Testing

struct SyncPlannerTests {
    let source = [
        SourceFingerprint(path: "faq/refunds.md", contentHash: "h-refunds-2"),
        SourceFingerprint(path: "faq/shipping.md", contentHash: "h-shipping"),
        SourceFingerprint(path: "new.csv", contentHash: "h-new"),
        SourceFingerprint(path: "retry.jsonl", contentHash: "h-retry"),
        SourceFingerprint(path: "lost.md", contentHash: "h-lost"),
    ]
    let recorded = [
        RecordedDocument(path: "faq/refunds.md", contentHash: "h-refunds-1", providerID: "d-refunds", status: .synced),
        RecordedDocument(path: "faq/shipping.md", contentHash: "h-shipping", providerID: "d-shipping", status: .synced),
        RecordedDocument(path: "retry.jsonl", contentHash: "h-retry", providerID: "d-retry", status: .failed, error: "indexing failed"),
        RecordedDocument(path: "lost.md", contentHash: "h-lost", providerID: "d-lost", status: .indexing),
        RecordedDocument(path: "gone.md", contentHash: "h-gone", providerID: "d-gone", status: .synced),
        RecordedDocument(path: "never-written.md", contentHash: "h-x", providerID: nil, status: .writing),
    ]
    let listed = [
        ProviderDocument(id: "d-refunds", path: "faq/refunds.md"),
        ProviderDocument(id: "d-shipping", path: "faq/shipping.md"),
        ProviderDocument(id: "d-retry", path: "retry.jsonl"),
        ProviderDocument(id: "d-gone", path: "gone.md"),
        ProviderDocument(id: "d-crash", path: "new.csv"),
    ]

    @Test func decidesEveryKindOfChange() {
        let plan = SyncPlanner.plan(source: source, recorded: recorded, listed: listed)
        #expect(plan.unchanged == ["faq/shipping.md"])
        #expect(plan.updates.map(\.path) == ["faq/refunds.md", "retry.jsonl"])
        #expect(plan.updates.map(\.replacing) == ["d-refunds", "d-retry"])
        // lost.md's copy is gone at the provider: written anew, its old id cleaned up.
        #expect(plan.adds.map(\.path) == ["lost.md", "new.csv"])
        #expect(plan.adds.map(\.stale) == ["d-lost", nil])
        // gone.md left the source; the never-written row goes; d-crash is an orphan of a crash.
        #expect(plan.removals == [
            .init(path: "gone.md", providerID: "d-gone", orphan: false),
            .init(path: "never-written.md", providerID: nil, orphan: false),
            .init(path: "new.csv", providerID: "d-crash", orphan: true),
        ])
    }

    @Test func shuffledInputsGiveTheSamePlan() {
        let expected = SyncPlanner.plan(source: source, recorded: recorded, listed: listed)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let plan = SyncPlanner.plan(
                source: source.shuffled(using: &generator), recorded: recorded.shuffled(using: &generator),
                listed: listed.shuffled(using: &generator))
            #expect(plan == expected)
        }
    }

    @Test func anUnchangedSourceMeansNothingToDo() {
        let synced = source.enumerated().map { index, document in
            RecordedDocument(path: document.path, contentHash: document.contentHash, providerID: "id-\(index)", status: .synced)
        }
        let provider = synced.map { ProviderDocument(id: $0.providerID!, path: $0.path) }
        let plan = SyncPlanner.plan(source: source, recorded: synced, listed: provider)
        #expect(plan.isEmpty)
        #expect(plan.unchanged.count == source.count)
    }

    @Test func anEmptySourceRemovesEverything() {
        let plan = SyncPlanner.plan(source: [], recorded: recorded, listed: listed)
        #expect(plan.adds.isEmpty && plan.updates.isEmpty)
        #expect(Set(plan.removals.compactMap(\.providerID)) == ["d-refunds", "d-shipping", "d-retry", "d-lost", "d-gone", "d-crash"])
    }
}
