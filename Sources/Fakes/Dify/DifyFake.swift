import Hummingbird

/// A fake Dify service API on 127.0.0.1: `/chat-messages` (blocking and streaming, chat, agent
/// and chatflow apps), `/info`, `/parameters`, `/datasets/{id}` and `/datasets/{id}/retrieve`,
/// the dataset document routes (create-by-text, update-by-text, list, indexing-status, delete),
/// with Dify's auth scopes, validation, error envelopes and injectable failures. Documents
/// written to the dataset become what chat and retrieve answer from.
public final class DifyFake: Sendable {
    public let configuration: Configuration
    private let server: LocalServer
    let state: DifyFakeState

    /// The service API's base URL, ending in `/v1` like Dify's.
    public var baseURL: String { server.baseURL + "/v1" }
    public var appKey: String { configuration.appKey }
    public var datasetKey: String { configuration.datasetKey }
    public var datasetID: String { configuration.datasetID }

    private init(configuration: Configuration, server: LocalServer, state: DifyFakeState) {
        self.configuration = configuration
        self.server = server
        self.state = state
    }

    /// Starts a fake on an ephemeral port.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> DifyFake {
        let state = DifyFakeState(configuration: configuration)
        let router = Router()
        state.register(on: router)
        let server = try await LocalServer.start(router: router)
        return DifyFake(configuration: configuration, server: server, state: state)
    }

    /// Makes the next `times` requests to `endpoint` (any endpoint when nil) fail with `failure`.
    public func inject(_ failure: DifyFailure, times: Int = 1, on endpoint: Endpoint? = .chat) {
        state.failures.withLock { $0.inject(failure, times: times, endpoint: endpoint) }
    }

    /// Scripted failures not used yet.
    public var pendingFailures: Int { state.failures.withLock { $0.pending } }

    /// Forgets every conversation, as if they were deleted: their ids now get 404.
    public func forgetConversations() { state.conversations.withLock { $0.removeAll() } }

    /// Questions answered so far in a conversation (0 when unknown).
    public func turns(inConversation id: String) -> Int {
        state.conversations.withLock { $0.byID[id]?.turns ?? 0 }
    }

    /// Chat requests holding one of the app's concurrency slots right now.
    public var activeRequests: Int { state.activeRequests.withLock { $0 } }

    /// The most requests the app served at once so far.
    public var maxObservedActive: Int { state.concurrency.withLock { $0.maxObserved } }

    /// Requests refused with 429 `too_many_requests` at the concurrency ceiling so far.
    public var tooManyRequests: Int { state.concurrency.withLock { $0.refused } }

    /// Requests received so far, per endpoint, including rejected ones.
    public func requestCount(_ endpoint: Endpoint) -> Int {
        state.requestCounts.withLock { $0[endpoint] ?? 0 }
    }

    /// One document of the dataset as the document API wrote it.
    public struct DatasetDocument: Sendable, Equatable {
        public var id: String
        public var name: String
        public var text: String
    }

    /// The documents written into the dataset through the document API, oldest first.
    public var datasetDocuments: [DatasetDocument] {
        state.datasetDocuments.withLock { $0.documents.map { DatasetDocument(id: $0.id, name: $0.name, text: $0.text) } }
    }

    /// The next `times` documents created or updated end their indexing in `error` with `message`
    /// (and their content does not become knowledge).
    public func failNextIndexing(times: Int = 1, message: String = "Embedding model rate limit exceeded, please try again later.") {
        state.datasetDocuments.withLock { $0.failuresToCome += Array(repeating: message, count: max(0, times)) }
    }

    /// Changes how long indexing takes from now on (for documents created or updated later).
    public func setIndexing(polls: Int, time: Duration) {
        state.datasetDocuments.withLock {
            $0.pollsNeeded = polls
            $0.timeNeeded = time
        }
    }

    /// Stops the server; requests told to hang end first.
    public func stop() async {
        state.lifecycle.stop()
        await server.stop()
    }
}
