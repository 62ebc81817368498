import Catalog
import Foundation
import Hummingbird
import JSON
import KnowledgeSync
import Providers

/// `POST|GET /v1/bots/{bot_id}/knowledge/sync`: the source a bot's provider (Dify dataset, OpenAI
/// vector store, or the local knowledge base) should hold, synced by the workers; and its status.
struct KnowledgeSyncRoutes {
    let services: AdminServices

    static let fields: Set<String> = ["files", "dataset_id", "vector_store_id", "every_ms", "dry_run"]
    static let maxFiles = 1000
    static let naming = SyncTargetChoice.Naming(dataset: "dataset_id", vectorStore: "vector_store_id")

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.post("bots/{bot_id}/knowledge/sync", use: sync)
        group.get("bots/{bot_id}/knowledge/sync", use: status)
    }

    /// Checks and stores the uploaded files, then queues a sync (202); `dry_run` answers the plan
    /// at once and stores nothing. The files replace the previous upload as a whole: a file left
    /// out is removed from the provider.
    @Sendable func sync(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let bot = try await BotRoutes.bot(request, context, services)
        let body = try await RequestBodyReader.object(request, limit: services.configuration.maxKnowledgeBodyBytes)
        try body.allowOnly(Self.fields)
        let choice: SyncTargetChoice
        switch SyncTargetChoice.choose(
            bot, dataset: try body.string("dataset_id"), vectorStore: try body.string("vector_store_id"), naming: Self.naming) {
        case .success(let chosen): choice = chosen
        case .failure(let error):
            let field = body.has("vector_store_id") ? "vector_store_id" : body.has("dataset_id") ? "dataset_id" : "bot_id"
            throw AdminError(.badRequest, code: "invalid_target", error.description, field: field)
        }
        let files = try Self.files(body)
        var documents: [SourceDocument] = []
        for (index, file) in files.enumerated() {
            do {
                documents.append(try SourceReader.document(uploaded: file))
            } catch {
                throw AdminError.invalid(field: "files[\(index)]", "nothing stored: \(error)")
            }
        }
        var every: Duration?
        if let milliseconds = try body.integer("every_ms") {
            guard milliseconds >= 60_000, milliseconds <= 366 * 86_400_000 else {
                throw AdminError.invalid(field: "every_ms", "every_ms must be between 60000 (a minute) and a year")
            }
            every = .milliseconds(milliseconds)
        }
        let target = choice.makeTarget(bot: bot, httpClient: services.preview.httpClient, pool: services.pool)
        if try body.bool("dry_run") == true {
            let plan: SyncPlan
            do {
                plan = try await KnowledgeSyncEngine(target: target, pool: services.pool, botID: bot.id).plan(documents)
            } catch let error as ProviderFailure {
                throw AdminError(.badGateway, code: "provider_unavailable", "\(target.label) could not be listed: \(error)")
            }
            return JSONResponse.make(.object([
                "bot_id": .string(bot.id.uuidString.lowercased()), "target": .string(target.label), "dry_run": .bool(true),
                "plan": SyncJSON.plan(plan),
            ]))
        }
        let id = try await SyncRequestStore(pool: services.pool).submit(botID: bot.id, target: choice.stateKey, files: files, every: every)
        var response = JSONResponse.make(.object([
            "bot_id": .string(bot.id.uuidString.lowercased()), "target": .string(target.label), "request_id": .number(Double(id)),
            "status": .string("queued"), "files": .number(Double(files.count)),
        ]), status: .accepted)
        response.headers[.location] = "/v1/bots/\(bot.id.uuidString.lowercased())/knowledge/sync"
        return response
    }

    /// The bot's uploaded sources and schedules, its latest sync requests (with their reports)
    /// and its latest run, whoever started it (`aics kb sync` too).
    @Sendable func status(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let bot = try await BotRoutes.bot(request, context, services)
        let store = SyncRequestStore(pool: services.pool)
        let sources = try await store.sources(botID: bot.id)
        let requests = try await store.requests(botID: bot.id)
        let lastRun = try await SyncRunStore(pool: services.pool).latest(botID: bot.id)
        return JSONResponse.make(.object([
            "bot_id": .string(bot.id.uuidString.lowercased()),
            "sources": .array(sources.map(SyncJSON.source)),
            "requests": .array(requests.map(SyncJSON.request)),
            "last_run": lastRun.map(SyncJSON.run) ?? .null,
        ]))
    }

    /// `files`: 1 to 1000 of `{"path", "content"}`, paths unique.
    static func files(_ body: JSONObject) throws -> [UploadedFile] {
        guard let elements = try body.array("files") else {
            throw AdminError(.badRequest, code: "missing_field", "files is required", field: "files")
        }
        guard (1...maxFiles).contains(elements.count) else {
            throw AdminError.invalid(field: "files", "files must hold 1 to \(maxFiles) files")
        }
        var seen: Set<String> = []
        return try elements.enumerated().map { index, element in
            let field = "files[\(index)]"
            guard case .object(let members) = element, Set(members.keys).isSubset(of: ["path", "content"]),
                  case .string(let path)? = members["path"], case .string(let content)? = members["content"]
            else { throw AdminError.invalid(field: field, "\(field) must be {\"path\": \"faq/refunds.md\", \"content\": \"...\"}") }
            try JSONObject.refuseNUL(path, field: field + ".path")
            try JSONObject.refuseNUL(content, field: field + ".content")
            guard seen.insert(path).inserted else { throw AdminError.invalid(field: field + ".path", "\(path) is given twice") }
            return UploadedFile(path: path, content: content)
        }
    }
}
