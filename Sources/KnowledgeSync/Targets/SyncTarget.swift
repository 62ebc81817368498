import Providers

/// Where a bot's knowledge is synced to: a Dify dataset, an OpenAI vector store, or the local
/// knowledge base. Targets act; the engine decides and records.
public protocol SyncTarget: Sendable {
    /// e.g. "dify dataset 1d2e...", for plans and reports.
    var label: String { get }
    /// The id the state's rows are kept under (the dataset or vector store id, or "local").
    var stateKey: String { get }

    func listDocuments() async throws(ProviderFailure) -> [ProviderDocument]

    /// Writes `document` (over `replacing` when set) and waits until the provider can answer
    /// from it. `created` is told the provider's id as soon as the provider holds the new copy,
    /// before any wait, so that a crash leaves a recorded id. Returns that id.
    func write(
        _ document: SourceDocument, replacing: String?, created: @Sendable (String) async throws -> Void
    ) async throws(ProviderFailure) -> String

    /// Takes a document away; one already gone counts as removed.
    func remove(providerID: String) async throws(ProviderFailure)

    /// Retries and rate-limit waits so far, for the report (nil where the target has none).
    var pacing: SyncPacing? { get }
}

/// Polls until a provider's indexing is done, with a growing interval and a deadline.
struct IndexingWait {
    var deadline: Duration
    var firstInterval: Duration = .milliseconds(100)
    var maxInterval: Duration = .seconds(2)

    enum Outcome { case done, failed(String) }

    /// `check` answers nil while running.
    func run(_ what: String, _ check: () async throws(ProviderFailure) -> Outcome?) async throws(ProviderFailure) {
        let started = ContinuousClock.now
        var interval = firstInterval
        while true {
            switch try await check() {
            case .done?: return
            case .failed(let reason)?:
                throw ProviderFailure(.badRequest, message: "indexing of \(what) failed: \(reason)", code: "indexing_failed")
            case nil: break
            }
            guard ContinuousClock.now - started < deadline else {
                throw ProviderFailure(.retryLater, message: "indexing of \(what) did not finish within \(deadline)", code: "indexing_timeout")
            }
            do { try await Task.sleep(for: interval) } catch {
                throw ProviderFailure(.retryLater, message: "the sync was stopped while \(what) was indexing", code: "cancelled")
            }
            interval = min(interval * 2, maxInterval)
        }
    }
}
