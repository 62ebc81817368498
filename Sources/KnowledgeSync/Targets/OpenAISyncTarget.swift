import Providers

/// An OpenAI vector store: each document uploaded as a file (`purpose` assistants), attached
/// with attributes `{path, content_hash}`, polled until completed or failed; the copy it
/// replaces is detached and deleted once the new one is in.
public struct OpenAISyncTarget: SyncTarget {
    let client: OpenAIFilesClient
    let vectorStoreID: String
    let wait: IndexingWait

    public init(client: OpenAIFilesClient, vectorStoreID: String, indexingDeadline: Duration = .seconds(600)) {
        self.client = client
        self.vectorStoreID = vectorStoreID
        wait = IndexingWait(deadline: indexingDeadline)
    }

    public var label: String { "OpenAI vector store \(vectorStoreID)" }
    public var stateKey: String { vectorStoreID }
    public var pacing: SyncPacing? { client.pacing }

    public func listDocuments() async throws(ProviderFailure) -> [ProviderDocument] {
        try await client.list().map { ProviderDocument(id: $0.id, path: $0.attributes["path"]) }
    }

    public func write(
        _ document: SourceDocument, replacing: String?, created: @Sendable (String) async throws -> Void
    ) async throws(ProviderFailure) -> String {
        let fileID = try await client.upload(filename: Self.filename(document.path), content: Array(document.text.utf8))
        do { try await created(fileID) } catch { throw SyncStateFailure.wrap(error) }
        let attached = try await client.attach(fileID: fileID, attributes: ["path": document.path, "content_hash": document.contentHash])
        var first: OpenAIVectorStoreFile? = attached
        try await wait.run(document.path) { () throws(ProviderFailure) -> IndexingWait.Outcome? in
            let file: OpenAIVectorStoreFile
            if let seen = first { file = seen; first = nil } else { file = try await client.file(fileID) }
            switch file.status {
            case "completed": return .done
            case "failed", "cancelled": return .failed(file.lastError ?? file.status)
            default: return nil
            }
        }
        if let replacing, replacing != fileID { try await client.remove(fileID: replacing) }
        return fileID
    }

    public func remove(providerID: String) async throws(ProviderFailure) {
        try await client.remove(fileID: providerID)
    }

    /// The file name OpenAI shows and cites: the path's last component (the full path is the
    /// `path` attribute).
    static func filename(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
