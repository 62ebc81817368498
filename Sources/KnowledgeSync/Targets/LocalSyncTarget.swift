import Catalog
import Foundation
import Providers

/// The local knowledge base: each document's entries replace those of its source (its path),
/// as `aics kb import` does; a removed document's entries are deleted.
public struct LocalSyncTarget: SyncTarget {
    let store: KnowledgeStore
    let botID: UUID

    public init(store: KnowledgeStore, botID: UUID) {
        self.store = store
        self.botID = botID
    }

    public var label: String { "local knowledge base" }
    public var stateKey: String { "local" }
    public var pacing: SyncPacing? { nil }

    public func listDocuments() async throws(ProviderFailure) -> [ProviderDocument] {
        do {
            // Entries without a source (none since imports name their file) are not documents.
            return try await store.sources(botID: botID).compactMap { row in row.source.map { ProviderDocument(id: $0, path: $0) } }
        } catch {
            throw Self.failure(error)
        }
    }

    public func write(
        _ document: SourceDocument, replacing: String?, created: @Sendable (String) async throws -> Void
    ) async throws(ProviderFailure) -> String {
        do {
            if let replacing, replacing != document.path { try await store.replace(botID: botID, entries: [], source: replacing) }
            try await store.replace(botID: botID, entries: document.entries, source: document.path)
            try await created(document.path)
        } catch {
            throw Self.failure(error)
        }
        return document.path
    }

    public func remove(providerID: String) async throws(ProviderFailure) {
        do {
            try await store.replace(botID: botID, entries: [], source: providerID)
        } catch {
            throw Self.failure(error)
        }
    }

    static func failure(_ error: any Error) -> ProviderFailure {
        ProviderFailure(.retryLater, message: "the local knowledge base: \(error)", code: "postgres")
    }
}
