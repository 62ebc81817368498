import Providers

/// A Dify dataset: documents created with create-by-text, replaced with update-by-text,
/// deleted; each write polled through indexing-status until completed or error.
public struct DifySyncTarget: SyncTarget {
    let client: DifyDocumentsClient
    let datasetID: String
    let wait: IndexingWait

    public init(client: DifyDocumentsClient, datasetID: String, indexingDeadline: Duration = .seconds(600)) {
        self.client = client
        self.datasetID = datasetID
        wait = IndexingWait(deadline: indexingDeadline)
    }

    public var label: String { "Dify dataset \(datasetID)" }
    public var stateKey: String { datasetID }
    public var pacing: SyncPacing? { client.pacing }

    public func listDocuments() async throws(ProviderFailure) -> [ProviderDocument] {
        try await client.list().map { ProviderDocument(id: $0.id, path: $0.name) }
    }

    public func write(
        _ document: SourceDocument, replacing: String?, created: @Sendable (String) async throws -> Void
    ) async throws(ProviderFailure) -> String {
        let written: DifyDocumentWrite
        if let replacing {
            written = try await client.update(documentID: replacing, name: document.path, text: document.text)
        } else {
            written = try await client.create(name: document.path, text: document.text)
        }
        do { try await created(written.document.id) } catch { throw SyncStateFailure.wrap(error) }
        try await wait.run(document.path) { () throws(ProviderFailure) -> IndexingWait.Outcome? in
            switch try await client.indexingStatus(batch: written.batch) {
            case .completed: return .done
            case .failed(let reason): return .failed(reason)
            case .running: return nil
            }
        }
        return written.document.id
    }

    public func remove(providerID: String) async throws(ProviderFailure) {
        try await client.delete(documentID: providerID)
    }
}

/// A state write that failed in the middle of a target's work, carried as a failure.
enum SyncStateFailure {
    static func wrap(_ error: any Error) -> ProviderFailure {
        if let failure = error as? ProviderFailure { return failure }
        return ProviderFailure(.retryLater, message: "recording the sync state failed: \(error)", code: "state_write_failed")
    }
}
