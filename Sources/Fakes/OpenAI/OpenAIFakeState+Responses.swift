import Foundation
import Hummingbird

extension OpenAIFakeState {
    /// `POST /v1/responses`.
    func responses(_ request: Request) async -> Response {
        let (immediate, failure) = await admit(request, .responses)
        if let immediate { return immediate }
        guard let body = await FakeJSON.object(from: request) else { return OpenAIErrors.invalidJSON }
        let parsed: OpenAIResponsesRequest
        switch OpenAIResponsesRequest.parse(body) {
        case .success(let value): parsed = value
        case .failure(let rejection): return rejection.response
        }
        if let models = configuration.models, !models.contains(parsed.model) {
            return OpenAIErrors.invalidRequest(
                "The model `\(parsed.model)` does not exist or you do not have access to it.",
                param: nil, code: "model_not_found", status: 404)
        }
        for id in parsed.fileSearch?.vectorStoreIDs ?? [] where store(id: id) == nil {
            return OpenAIErrors.vectorStoreNotFound(id)
        }
        var earlier = 0
        if let previous = parsed.previousResponseID {
            let known = responses.withLock { $0[previous] }
            guard let depth = known, failure != .previousResponseNotFound else {
                return OpenAIErrors.invalidRequest(
                    "Previous response with id '\(previous)' not found.",
                    param: "previous_response_id", code: "previous_response_not_found")
            }
            earlier = depth + 1
        }

        await lifecycle.wait(configuration.latency.sample())
        var answer = makeAnswer(parsed, earlierTurns: earlier)
        if failure == .incomplete { answer.ending = .incomplete }
        if parsed.store { responses.withLock { $0[answer.id] = earlier } }

        guard parsed.stream else {
            if failure == .responseFailed || failure == .errorEvent { return OpenAIErrors.serverError }
            return FakeJSON.response(status: .ok, answer.object(status: answer.ending == .completed ? "completed" : "incomplete"))
        }
        var stream = EventStream(frames: [], interval: configuration.streamInterval)
        var midStream: OpenAIStreamEvents.MidStreamFailure?
        switch failure {
        case .slowStream(let interval): stream.interval = interval
        case .cutStream(let frames): stream.cutAfter = frames
        case .responseFailed: midStream = .responseFailed
        case .errorEvent: midStream = .errorEvent
        default: break
        }
        stream.frames = OpenAIStreamEvents(answer: answer, chunkCount: configuration.answerChunks, failure: midStream).frames()
        return stream.response()
    }

    private func makeAnswer(_ request: OpenAIResponsesRequest, earlierTurns: Int) -> OpenAIAnswer {
        var hits: [FakeKnowledgeBase.Hit] = []
        if let fileSearch = request.fileSearch {
            hits = fileSearch.vectorStoreIDs.compactMap(store(id:)).flatMap {
                $0.knowledgeBase.search(request.question, limit: fileSearch.maxNumResults)
            }
            .filter { $0.score >= fileSearch.scoreThreshold }
            .enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
            .prefix(fileSearch.maxNumResults).map(\.element)
        }
        let text = hits.first?.document.answer ?? configuration.noAnswerText
        // Input tokens grow with the chain: the previous turns are part of the context.
        let inputTokens = 300 + request.question.utf8.count / 3 + hits.count * 150 + earlierTurns * 60
            + (request.instructions?.utf8.count ?? 0) / 4
        return OpenAIAnswer(
            request: request, hits: hits, text: text,
            inputTokens: inputTokens, outputTokens: max(1, text.utf8.count / 3))
    }
}
