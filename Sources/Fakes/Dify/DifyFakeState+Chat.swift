import Foundation
import Hummingbird

extension DifyFakeState {
    /// `POST /chat-messages`.
    func chat(_ request: Request) async -> Response {
        let (immediate, failure) = await admit(request, .chat, key: configuration.appKey)
        if let immediate { return immediate }
        guard let body = await FakeJSON.members(from: request) else { return DifyErrors.invalidJSON }
        let chat: DifyChatRequest
        switch DifyChatRequest.parse(body) {
        case .success(let parsed): chat = parsed
        case .failure(let rejection): return rejection.response
        }
        if configuration.appMode == .agentChat, !chat.streaming {
            return DifyErrors.response(400, "bad_request", "Agent Chat App does not support blocking mode")
        }
        if let conversationID = chat.conversationID,
           !conversations.withLock({ $0.contains(conversationID, user: chat.user) }) {
            return DifyErrors.response(404, "not_found", "Conversation Not Exists.")
        }
        if let busy = takeSlot() { return busy }

        let started = ContinuousClock.now
        await lifecycle.wait(configuration.latency.sample())
        let answer = makeAnswer(chat, failure: failure, started: started)

        if !chat.streaming {
            defer { releaseSlot() }
            if case .errorEvent(let status, let code, let message) = failure {
                return DifyErrors.response(status, code, message)
            }
            return FakeJSON.response(status: .ok, json: answer.blockingBody)
        }
        var stream = EventStream(frames: [], interval: configuration.streamInterval)
        stream.keepAlive = (DifyStreamEvents.ping, configuration.pingInterval)
        var midStreamError: (status: Int, code: String, message: String)?
        switch failure {
        case .slowStream(let interval): stream.interval = interval
        case .cutStream(let frames): stream.cutAfter = frames
        case .errorEvent(let status, let code, let message): midStreamError = (status, code, message)
        default: break
        }
        stream.frames = DifyStreamEvents(answer: answer, chunkCount: configuration.answerChunks, midStreamError: midStreamError).frames()
        // The slot is held until the stream ends, like Dify's active-request counter.
        return stream.response(onEnd: { self.releaseSlot() })
    }

    private func makeAnswer(_ chat: DifyChatRequest, failure: DifyFailure?, started: ContinuousClock.Instant) -> DifyAnswer {
        let hits = knowledgeBase.search(chat.query, limit: 3)
        let text = hits.first?.document.answer ?? configuration.noAnswerText
        let conversationID = chat.conversationID ?? FakeIdentifiers.uuid()
        let earlierTurns = conversations.withLock { $0.recordTurn(conversationID, user: chat.user) }
        var replacement: String?
        if case .messageReplace(let replacementText) = failure { replacement = replacementText }
        // Prompt tokens grow with the conversation's memory, as a real app's would.
        let promptTokens = 120 + chat.query.utf8.count / 3 + hits.count * 60 + earlierTurns * 40
        return DifyAnswer(
            conversationID: conversationID,
            mode: configuration.appMode,
            query: chat.query,
            user: chat.user,
            answer: text,
            replacement: replacement,
            hits: hits,
            datasetID: configuration.datasetID,
            datasetName: configuration.datasetName,
            citationsEnabled: configuration.citationsEnabled,
            promptTokens: promptTokens,
            completionTokens: max(1, text.utf8.count / 3),
            latency: (ContinuousClock.now - started).seconds
        )
    }
}
