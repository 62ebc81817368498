import Catalog
import Hummingbird
import JSON
import Providers

/// `POST /v1/bots/{bot_id}/preview` and `POST /v1/bots/{bot_id}/check`: the bot's provider asked
/// as the worker would ask it (Catalog's `BotPreview`, shared with `aics bot test`); nothing is
/// stored or sent.
struct PreviewRoutes {
    let services: AdminServices

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.post("bots/{bot_id}/preview", use: preview)
        group.post("bots/{bot_id}/check", use: check)
    }

    @Sendable func preview(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let bot = try await BotRoutes.bot(request, context, services)
        let body = try await RequestBodyReader.object(request, limit: services.configuration.maxJSONBodyBytes)
        try body.allowOnly(["question"])
        let question = try body.requiredString("question")
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw InputError(.question) { "\($0) must not be empty" }
        }
        let result: BotPreview.Answer
        do {
            result = try await services.preview.answer(bot, question: question)
        } catch let failure as BotPreview.Failure {
            switch failure {
            case .noKnowledge: throw AdminError(.conflict, code: "no_knowledge", failure.description)
            case .unusable: throw AdminError(.conflict, code: "bot_unusable", failure.description)
            case .noAnswer(_, let cause):
                throw AdminError(cause.kind == .noAnswer ? .unprocessableContent : .badGateway, code: "no_answer", failure.description)
            }
        }
        let answer = result.answer
        var object: [String: JSONValue] = [
            "bot_id": .string(bot.id.uuidString.lowercased()), "provider": .string(bot.provider.rawValue), "text": .string(answer.text),
            "sources": .array(answer.sources.map(Self.source)),
            "latency_ms": .number(Double(result.latency.wholeMilliseconds)),
        ]
        if let usage = answer.usage {
            object["usage"] = .object(["input": .number(Double(usage.input)), "output": .number(Double(usage.output)), "total": .number(Double(usage.total))])
        }
        return JSONResponse.make(.object(object))
    }

    @Sendable func check(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let bot = try await BotRoutes.bot(request, context, services)
        let result: CredentialCheck
        do {
            result = try await services.preview.check(bot)
        } catch let failure as BotPreview.Failure {
            throw AdminError(.conflict, code: "bot_unusable", failure.description)
        }
        return JSONResponse.make(.object([
            "bot_id": .string(bot.id.uuidString.lowercased()), "valid": .bool(result.isValid),
            "items": .array(result.items.map { item in
                var object: [String: JSONValue] = ["subject": .string(item.subject), "ok": .bool(item.failure == nil)]
                if let detail = item.detail { object["detail"] = .string(detail) }
                if let failure = item.failure { object["error"] = .string(failure.description) }
                return .object(object)
            }),
        ]))
    }

    static func source(_ source: ProviderSource) -> JSONValue {
        var object: [String: JSONValue] = ["title": .string(source.title), "snippet": .string(source.snippet)]
        if let score = source.score { object["score"] = .number(score) }
        if let id = source.documentID { object["document_id"] = .string(id) }
        return .object(object)
    }
}
