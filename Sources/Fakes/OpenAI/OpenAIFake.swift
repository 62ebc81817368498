import Hummingbird

/// A fake OpenAI API on 127.0.0.1: `POST /v1/responses` with the `file_search` tool (blocking and
/// streaming), `GET /v1/vector_stores/{id}` and `POST /v1/vector_stores/{id}/search`, with
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

    /// Stops the server; requests told to hang end first.
    public func stop() async {
        state.lifecycle.stop()
        await server.stop()
    }
}
