/// What a sync does so that the provider ends up holding exactly the source.
public struct SyncPlan: Sendable, Equatable {
    /// A document to write: new (`replacing` nil) or over the provider's copy `replacing`.
    public struct Write: Sendable, Equatable {
        public var path: String
        public var contentHash: String
        public var replacing: String?
        /// A provider id the state remembers for this path but the provider does not list (a
        /// write cut short by a crash): cleaned up as well, in case it half exists.
        public var stale: String?
    }

    /// A document to take away: one the source no longer has, or an orphan the state does not
    /// know (left by a crash). `providerID` nil: only the state's row goes.
    public struct Removal: Sendable, Equatable {
        public var path: String?
        public var providerID: String?
        public var orphan: Bool

        public init(path: String?, providerID: String?, orphan: Bool) {
            self.path = path
            self.providerID = providerID
            self.orphan = orphan
        }
    }

    public var adds: [Write] = []
    public var updates: [Write] = []
    public var removals: [Removal] = []
    public var unchanged: [String] = []

    public var isEmpty: Bool { adds.isEmpty && updates.isEmpty && removals.isEmpty }
    /// Provider calls that change something (writes and removals).
    public var changeCount: Int { adds.count + updates.count + removals.count }
}
