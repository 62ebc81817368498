/// What the sync state in Postgres remembers of one document of a bot's target.
public struct RecordedDocument: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Recorded before the provider call that writes it; the call may not have happened.
        case writing
        /// The provider holds it (`providerID`) and is indexing it.
        case indexing
        case synced
        /// Writing or indexing failed; `error` says why. The next sync writes it again.
        case failed
        /// Recorded before the provider call that removes it.
        case removing
    }

    public var path: String
    public var contentHash: String
    public var providerID: String?
    public var status: Status
    public var error: String?

    public init(path: String, contentHash: String, providerID: String?, status: Status, error: String? = nil) {
        self.path = path
        self.contentHash = contentHash
        self.providerID = providerID
        self.status = status
        self.error = error
    }
}

/// A document the provider holds (a Dify dataset document, a vector store file, a local source).
public struct ProviderDocument: Sendable, Equatable {
    public var id: String
    /// Its name or `path` attribute, when the provider keeps one.
    public var path: String?

    public init(id: String, path: String?) {
        self.id = id
        self.path = path
    }
}

/// The source's side of the plan: a path and its content hash.
public struct SourceFingerprint: Sendable, Equatable {
    public var path: String
    public var contentHash: String

    public init(path: String, contentHash: String) {
        self.path = path
        self.contentHash = contentHash
    }
}
