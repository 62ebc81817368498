import Foundation
import Hummingbird

/// The shared state and the request handlers of one fake Dify.
final class DifyFakeState: Sendable {
    let configuration: DifyFake.Configuration
    let lifecycle = FakeLifecycle()
    let failures = Locked(FailureQueue<DifyFailure, DifyFake.Endpoint>())
    let conversations = Locked(DifyConversations())
    let requestCounts = Locked([DifyFake.Endpoint: Int]())
    /// Requests holding one of the app's concurrency slots.
    let activeRequests = Locked(0)
    /// The most chat requests in progress at once, and how many the ceiling refused with a 429.
    let concurrency = Locked((maxObserved: 0, refused: 0))
    /// Documents written through the document API (create-by-text and friends).
    let datasetDocuments: Locked<DifyDatasetDocuments>

    init(configuration: DifyFake.Configuration) {
        self.configuration = configuration
        datasetDocuments = Locked(DifyDatasetDocuments(pollsNeeded: configuration.indexingPolls, timeNeeded: configuration.indexingTime))
    }

    /// What chat and retrieve answer from: the synced documents once any were written, else the
    /// configured knowledge base.
    var knowledgeBase: FakeKnowledgeBase {
        datasetDocuments.withLock { $0.written ? $0.knowledge : configuration.knowledgeBase }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/chat-messages") { request, _ in await self.chat(request) }
        router.get("/v1/info") { request, _ in await self.info(request) }
        router.get("/v1/parameters") { request, _ in await self.parameters(request) }
        router.get("/v1/datasets/:id") { request, context in
            await self.dataset(request, id: context.parameters.get("id") ?? "")
        }
        router.post("/v1/datasets/:id/retrieve") { request, context in
            await self.retrieve(request, id: context.parameters.get("id") ?? "")
        }
        registerDocuments(on: router)
    }

    /// Counts the request, checks the key of the route's scope and takes a scripted failure.
    /// Returns a response to send at once, or the failure that shapes the normal answer.
    func admit(_ request: Request, _ endpoint: DifyFake.Endpoint, key: String) async -> (response: Response?, failure: DifyFailure?) {
        requestCounts.withLock { $0[endpoint, default: 0] += 1 }
        if let rejection = DifyErrors.authenticate(request, expected: key) { return (rejection, nil) }
        let failure = failures.withLock { $0.next(for: endpoint) }
        guard let failure else { return (nil, nil) }
        switch failure {
        case .hang:
            await lifecycle.hang()
            return (DifyErrors.response(504, "gateway_timeout", "Gateway Timeout"), nil)
        case .delay(let delay):
            await lifecycle.wait(delay)
            return (nil, nil)
        default:
            return (DifyErrors.immediate(failure), failure)
        }
    }

    private func registerDocuments(on router: Router<BasicRequestContext>) {
        // One parameter name for the segment after /documents/: a document id or a batch id.
        router.post("/v1/datasets/:id/document/create-by-text") { request, context in
            await self.createDocument(request, datasetID: context.parameters.get("id") ?? "")
        }
        router.post("/v1/datasets/:id/documents/:item/update-by-text") { request, context in
            await self.updateDocument(
                request, datasetID: context.parameters.get("id") ?? "", documentID: context.parameters.get("item") ?? "")
        }
        router.get("/v1/datasets/:id/documents") { request, context in
            await self.listDocuments(request, datasetID: context.parameters.get("id") ?? "")
        }
        router.get("/v1/datasets/:id/documents/:item/indexing-status") { request, context in
            await self.indexingStatus(request, datasetID: context.parameters.get("id") ?? "", batch: context.parameters.get("item") ?? "")
        }
        router.delete("/v1/datasets/:id/documents/:item") { request, context in
            await self.deleteDocument(
                request, datasetID: context.parameters.get("id") ?? "", documentID: context.parameters.get("item") ?? "")
        }
    }

    // MARK: - App routes

    private func info(_ request: Request) async -> Response {
        let (response, _) = await admit(request, .info, key: configuration.appKey)
        if let response { return response }
        return FakeJSON.response(status: .ok, [
            "name": configuration.appName, "description": "Answers customer questions from the FAQ.",
            "tags": [String](), "mode": configuration.appMode.rawValue, "author_name": "aics",
        ])
    }

    private func parameters(_ request: Request) async -> Response {
        let (response, _) = await admit(request, .parameters, key: configuration.appKey)
        if let response { return response }
        let disabled: [String: Any] = ["enabled": false]
        return FakeJSON.response(status: .ok, [
            "opening_statement": "Hello! How can I help you?", "suggested_questions": [String](),
            "suggested_questions_after_answer": disabled, "speech_to_text": disabled,
            "text_to_speech": ["enabled": false, "voice": "", "language": ""],
            "retriever_resource": ["enabled": configuration.citationsEnabled], "annotation_reply": disabled,
            "more_like_this": disabled, "sensitive_word_avoidance": disabled, "user_input_form": [Any](),
            "file_upload": ["image": ["enabled": false, "number_limits": 3, "detail": "high", "transfer_methods": ["remote_url", "local_file"]]],
            "system_parameters": [
                "file_size_limit": 15, "image_file_size_limit": 10, "audio_file_size_limit": 50,
                "video_file_size_limit": 100, "workflow_file_upload_limit": 10,
            ],
        ])
    }

    // MARK: - Concurrency ceiling

    /// Takes a concurrency slot, or returns Dify's 429 when the app is at its ceiling.
    func takeSlot() -> Response? {
        let limit = configuration.maxActiveRequests
        let admitted = activeRequests.withLock { active -> Bool in
            if limit > 0, active >= limit { return false }
            active += 1
            return true
        }
        concurrency.withLock { figures in
            if admitted {
                figures.maxObserved = max(figures.maxObserved, activeRequests.withLock { $0 })
            } else {
                figures.refused += 1
            }
        }
        return admitted ? nil : DifyErrors.response(
            429, "too_many_requests",
            "Too many requests. Please try again later. The current maximum concurrent requests allowed is \(limit)."
        )
    }

    func releaseSlot() { activeRequests.withLock { $0 -= 1 } }
}
