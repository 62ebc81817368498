import Hummingbird

/// A fake OpenAI API on 127.0.0.1: `POST /v1/responses` with the `file_search` tool (blocking and
/// streaming), `GET /v1/vector_stores/{id}`, `POST /v1/vector_stores/{id}/search`, files and
/// vector store files (attached files become the store's knowledge), with
/// OpenAI's validation, error envelopes, rate-limit headers, `x-request-id` and injectable failures.
public final class OpenAIFake: Sendable {
    public let configuration: Configuration
    private let server: LocalServer
    let state: OpenAIFakeState

    /// The API's base URL, ending in `/v1` like OpenAI's.
    public var baseURL: String { server.baseURL + "/v1" }
    public var apiKey: String { configuration.apiKey }
    /// The id of the first configured vector store.
    public var vectorStoreID: String { configuration.vectorStores.first?.id ?? "" }

    private init(configuration: Configuration, server: LocalServer, state: OpenAIFakeState) {
        self.configuration = configuration
        self.server = server
        self.state = state
    }

    /// Starts a fake on an ephemeral port.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> OpenAIFake {
        let state = OpenAIFakeState(configuration: configuration)
        let router = Router()
        state.register(on: router)
        let server = try await LocalServer.start(router: router)
        return OpenAIFake(configuration: configuration, server: server, state: state)
    }

    /// Makes the next `times` requests to `endpoint` (any endpoint when nil) fail with `failure`.
    public func inject(_ failure: OpenAIFailure, times: Int = 1, on endpoint: Endpoint? = .responses) {
        state.failures.withLock { $0.inject(failure, times: times, endpoint: endpoint) }
    }

    /// Scripted failures not used yet.
    public var pendingFailures: Int { state.failures.withLock { $0.pending } }

    /// Forgets every stored response: chaining onto them now fails like an expired id.
    public func forgetResponses() { state.responses.withLock { $0.removeAll() } }

    /// How many stored responses the chain ending at `responseID` holds (0 when unknown).
    public func chainLength(endingAt responseID: String) -> Int {
        state.responses.withLock { $0[responseID].map { $0 + 1 } ?? 0 }
    }

    /// Requests received so far, per endpoint, including rejected ones.
    public func requestCount(_ endpoint: Endpoint) -> Int {
        state.requestCounts.withLock { $0[endpoint] ?? 0 }
    }

    /// One file attached to a vector store, with its name, content and attributes.
    public struct StoredFile: Sendable, Equatable {
        public var id: String
        public var filename: String
        public var text: String
        public var attributes: [String: String]
    }

    /// The files attached to a vector store, oldest first (attributes shown as text).
    public func attachedFiles(_ vectorStoreID: String) -> [StoredFile] {
        state.files.withLock { store in
            (store.attachments[vectorStoreID] ?? []).sorted { $0.sequence < $1.sequence }.compactMap { attachment in
                guard let file = store.files[attachment.fileID] else { return nil }
                return StoredFile(
                    id: file.id, filename: file.filename, text: String(decoding: file.bytes, as: UTF8.self),
                    attributes: attachment.attributes.mapValues { value in
                        switch value {
                        case .string(let text): text
                        case .number(let number): "\(number)"
                        case .bool(let flag): "\(flag)"
                        }
                    })
            }
        }
    }

    /// How many files were uploaded and not deleted.
    public var uploadedFileCount: Int { state.files.withLock { $0.files.count } }

    /// The next `times` files attached end their processing `failed` with `message`.
    public func failNextProcessing(times: Int = 1, message: String = "The file could not be parsed.") {
        state.files.withLock { $0.failuresToCome += Array(repeating: message, count: max(0, times)) }
    }

    /// Changes how long processing of files attached from now on takes.
    public func setProcessing(polls: Int, time: Duration) {
        state.files.withLock {
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
