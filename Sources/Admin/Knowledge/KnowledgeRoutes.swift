import Catalog
import Foundation
import Hummingbird
import JSON
import Providers

/// `GET|POST /v1/bots/{bot_id}/knowledge`: a local bot's question/answer entries.
struct KnowledgeRoutes {
    let services: AdminServices

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("bots/{bot_id}/knowledge", use: list)
        group.post("bots/{bot_id}/knowledge", use: upload)
    }

    /// Entries in import order, `?limit=` (default 100, at most 1000) from `?offset=`.
    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try await localBot(request, context)
        let limit = try QueryFlag.integer(request, "limit", in: 1...1000) ?? 100
        let offset = try QueryFlag.integer(request, "offset", in: 0...Int(Int32.max)) ?? 0
        let entries = try await services.knowledge.entries(botID: id)
        let page = entries.dropFirst(offset).prefix(limit)
        let sources = try await services.knowledge.sources(botID: id)
        return JSONResponse.make(.object([
            "bot_id": .string(id.uuidString.lowercased()),
            "count": .number(Double(entries.count)),
            "sources": .array(sources.map { .object(["source": $0.source.map(JSONValue.string) ?? .null, "count": .number(Double($0.count))]) }),
            "entries": .array(page.map { entry in
                .object([
                    "id": .string(entry.id ?? ""), "question": .string(entry.question), "answer": .string(entry.answer),
                    "tags": .array(entry.tags.map(JSONValue.string)),
                ])
            }),
        ]))
    }

    /// Imports the body (CSV, JSON Lines or Markdown, like `aics kb import`) under `?source=`
    /// (default "api"): a later upload of the same source replaces its entries.
    @Sendable func upload(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try await localBot(request, context)
        let format = try Self.format(request)
        let source = try QueryFlag.string(request, "source") ?? "api"
        let buffer = try await RequestBodyReader.bytes(request, limit: services.configuration.maxKnowledgeBodyBytes)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw AdminError(.badRequest, code: "invalid_knowledge", "the body is not UTF-8 text")
        }
        let file: KnowledgeFile
        do {
            file = try KnowledgeFile.parse(text, format: format, sourceName: source)
        } catch {
            throw AdminError(.badRequest, code: "invalid_knowledge", "nothing imported: \(error)")
        }
        try await services.knowledge.replace(botID: id, entries: file.entries, source: file.sourceName)
        let total = try await services.knowledge.count(botID: id)
        return JSONResponse.make(.object([
            "bot_id": .string(id.uuidString.lowercased()), "source": .string(source), "format": .string(format.rawValue),
            "imported": .number(Double(file.entries.count)), "count": .number(Double(total)),
        ]))
    }

    /// `?format=csv|jsonl|md`, else from the Content-Type.
    static func format(_ request: Request) throws -> KnowledgeFileFormat {
        if let name = request.uri.queryParameters.get("format") {
            guard let format = KnowledgeFileFormat(fileName: "body." + name) else {
                throw AdminError.invalid(field: "format", "format must be csv, jsonl or md, found '\(name)'")
            }
            return format
        }
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "text/csv": return .csv
        case "application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/jsonlines": return .jsonLines
        case "text/markdown", "text/x-markdown": return .markdown
        default:
            throw AdminError.invalid(
                field: "format", "say what the body is: ?format=csv|jsonl|md, or Content-Type text/csv, application/jsonl or text/markdown")
        }
    }

    /// The path's bot, if it is this tenant's and local: 404 otherwise, 409 for a Dify or OpenAI bot.
    private func localBot(_ request: Request, _ context: AdminRequestContext) async throws -> UUID {
        let id = try BotRoutes.botID(request, context)
        switch try await LocalBotLookup.find(id, tenantID: try context.tenant(), pool: services.pool) {
        case .local: return id
        case .notFound: throw BotRoutes.noSuchBot(id)
        case .otherProvider(let name, let provider):
            throw AdminError(.conflict, code: "not_local", LocalBotLookup.notLocalReason(name: name, provider: provider))
        }
    }
}
