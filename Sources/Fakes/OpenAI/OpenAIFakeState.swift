import Foundation
import HTTPTypes
import Hummingbird

/// The shared state and the request handlers of one fake OpenAI.
final class OpenAIFakeState: Sendable {
    let configuration: OpenAIFake.Configuration
    let lifecycle = FakeLifecycle()
    let failures = Locked(FailureQueue<OpenAIFailure, OpenAIFake.Endpoint>())
    /// Stored responses: id → how many earlier responses its chain holds.
    let responses = Locked([String: Int]())
    let requestCounts = Locked([OpenAIFake.Endpoint: Int]())
    private let window = Locked((start: ContinuousClock.now, requests: 0, tokens: 0))
    /// Uploaded files and their vector store attachments.
    let files: Locked<OpenAIFileStore>

    init(configuration: OpenAIFake.Configuration) {
        self.configuration = configuration
        files = Locked(OpenAIFileStore(pollsNeeded: configuration.processingPolls, timeNeeded: configuration.processingTime))
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/responses") { request, _ in await self.decorated { await self.responses(request) } }
        router.get("/v1/vector_stores/:id") { request, context in
            await self.decorated { await self.vectorStore(request, id: context.parameters.get("id") ?? "") }
        }
        router.post("/v1/vector_stores/:id/search") { request, context in
            await self.decorated { await self.search(request, id: context.parameters.get("id") ?? "") }
        }
        registerFiles(on: router)
    }

    private func registerFiles(on router: Router<BasicRequestContext>) {
        router.post("/v1/files") { request, _ in await self.decorated { await self.uploadFile(request) } }
        router.delete("/v1/files/:id") { request, context in
            await self.decorated { await self.deleteFile(request, id: context.parameters.get("id") ?? "") }
        }
        router.post("/v1/vector_stores/:id/files") { request, context in
            await self.decorated { await self.attachFile(request, storeID: context.parameters.get("id") ?? "") }
        }
        router.get("/v1/vector_stores/:id/files") { request, context in
            await self.decorated { await self.listVectorStoreFiles(request, storeID: context.parameters.get("id") ?? "") }
        }
        router.get("/v1/vector_stores/:id/files/:file") { request, context in
            await self.decorated {
                await self.vectorStoreFile(request, storeID: context.parameters.get("id") ?? "", fileID: context.parameters.get("file") ?? "")
            }
        }
        router.delete("/v1/vector_stores/:id/files/:file") { request, context in
            await self.decorated {
                await self.detachFile(request, storeID: context.parameters.get("id") ?? "", fileID: context.parameters.get("file") ?? "")
            }
        }
    }

    /// The vector store with the knowledge it answers from now: its attached files once any were
    /// attached or detached, else the configured knowledge base.
    func store(id: String) -> OpenAIFake.VectorStore? {
        guard var store = configuration.vectorStores.first(where: { $0.id == id }) else { return nil }
        if let synced = files.withLock({ $0.knowledge[id] }) { store.knowledgeBase = synced }
        return store
    }

    /// Counts the request, checks the key and takes a scripted failure. Returns a response to
    /// send at once, or the failure that shapes the normal answer.
    func admit(_ request: Request, _ endpoint: OpenAIFake.Endpoint) async -> (response: Response?, failure: OpenAIFailure?) {
        requestCounts.withLock { $0[endpoint, default: 0] += 1 }
        if let rejection = OpenAIErrors.authenticate(request, expected: configuration.apiKey) { return (rejection, nil) }
        guard let failure = failures.withLock({ $0.next(for: endpoint) }) else { return (nil, nil) }
        switch failure {
        case .hang:
            await lifecycle.hang()
            return (OpenAIErrors.response(504, type: "server_error", code: nil, message: "Gateway timeout."), nil)
        case .delay(let delay):
            await lifecycle.wait(delay)
            return (nil, nil)
        default:
            return (OpenAIErrors.immediate(failure), failure)
        }
    }

    /// Adds the headers OpenAI puts on every response: request id, processing time, version and
    /// the rate-limit budget of the current minute.
    private func decorated(_ handler: () async -> Response) async -> Response {
        let started = ContinuousClock.now
        var response = await handler()
        let (requests, tokens) = window.withLock { window -> (Int, Int) in
            if ContinuousClock.now - window.start > .seconds(60) { window = (ContinuousClock.now, 0, 0) }
            window.requests += 1
            window.tokens += 1000
            return (window.requests, window.tokens)
        }
        func set(_ name: String, _ value: String) { response.headers[HTTPField.Name(name)!] = value }
        set("x-request-id", FakeIdentifiers.hex("req_", length: 32))
        set("openai-processing-ms", String(Int((ContinuousClock.now - started).seconds * 1000)))
        set("openai-version", "2020-10-01")
        set("openai-organization", "org-fake")
        set("x-ratelimit-limit-requests", String(configuration.requestsPerMinute))
        set("x-ratelimit-limit-tokens", String(configuration.tokensPerMinute))
        if response.headers[HTTPField.Name("x-ratelimit-remaining-requests")!] == nil {
            set("x-ratelimit-remaining-requests", String(max(0, configuration.requestsPerMinute - requests)))
        }
        set("x-ratelimit-remaining-tokens", String(max(0, configuration.tokensPerMinute - tokens)))
        set("x-ratelimit-reset-requests", "\(max(1, 60_000 / max(1, configuration.requestsPerMinute)))ms")
        set("x-ratelimit-reset-tokens", "1s")
        return response
    }
}
