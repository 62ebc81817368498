/// What a sync did: counts, failures with the provider's reason, and the waits rate limits cost.
public struct SyncReport: Sendable, Equatable, Codable {
    public struct Failure: Sendable, Equatable, Codable {
        /// add, update or remove.
        public var action: String
        public var path: String
        public var reason: String
    }

    public var target: String
    public var added = 0
    public var updated = 0
    public var removed = 0
    public var unchanged = 0
    public var failures: [Failure] = []
    /// Requests sent again after a failure, and how many of those were rate limits.
    public var retries = 0
    public var rateLimited = 0
    public var waitedMilliseconds = 0

    public init(target: String) {
        self.target = target
    }

    public var failed: Int { failures.count }
    public var succeeded: Bool { failures.isEmpty }

    enum CodingKeys: String, CodingKey {
        case target, added, updated, removed, unchanged, failures, retries
        case rateLimited = "rate_limited"
        case waitedMilliseconds = "waited_ms"
    }
}
