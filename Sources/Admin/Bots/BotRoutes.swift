import Catalog
import Foundation
import Hummingbird
import JSON

/// `GET|POST /v1/bots`, `GET|PATCH|DELETE /v1/bots/{bot_id}`.
struct BotRoutes {
    let services: AdminServices

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("bots", use: list)
        group.post("bots", use: create)
        group.get("bots/{bot_id}", use: show)
        group.patch("bots/{bot_id}", use: update)
        group.delete("bots/{bot_id}", use: delete)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let tenant = try context.tenant()
        let entries = try await services.bots.entries(tenantID: tenant)
        let counts = try await bindingCounts(tenant: tenant)
        return JSONResponse.make(.object(["bots": .array(entries.map { BotJSON.make($0.bot, bindings: counts[$0.bot.id] ?? 0) })]))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let tenant = try context.tenant()
        let check = try QueryFlag.bool(request, "check")
        let body = try BotBody(try await RequestBodyReader.object(request, limit: services.configuration.maxJSONBodyBytes), allowed: BotBody.createFields)
        guard let name = body.name else { throw AdminError(.badRequest, code: "missing_field", "name is required", field: "name") }
        guard let provider = body.provider else {
            throw AdminError(.badRequest, code: "missing_field", "provider is required: dify, openai or local", field: "provider")
        }
        let settings = try body.settings.settings(for: provider, over: nil)
        let secrets = try body.keys.secrets(for: settings, over: BotSecrets())
        let bot = Bot(
            tenantID: tenant, name: name, settings: settings, secrets: secrets, status: body.status ?? .active, statusReason: body.statusReason,
            limits: body.limits(over: BotLimits()))
        try bot.validate()
        if check ?? body.check ?? true, provider != .local, let error = CredentialVerdict.error(for: try await services.preview.check(bot)) {
            throw error
        }
        let created = try await services.bots.create(bot)
        var response = JSONResponse.make(BotJSON.make(created, bindings: 0), status: .created)
        response.headers[.location] = "/v1/bots/\(created.id.uuidString.lowercased())"
        return response
    }

    @Sendable func show(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let bot = try await Self.bot(request, context, services)
        return JSONResponse.make(BotJSON.make(bot, bindings: try await bindingCounts(tenant: bot.tenantID)[bot.id] ?? 0))
    }

    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var bot = try await Self.bot(request, context, services)
        let body = try BotBody(try await RequestBodyReader.object(request, limit: services.configuration.maxJSONBodyBytes), allowed: BotBody.updateFields)
        bot.settings = try body.settings.settings(for: body.provider ?? bot.provider, over: bot.settings)
        bot.secrets = try body.keys.secrets(for: bot.settings, over: bot.secrets)
        if let name = body.name { bot.name = name }
        bot.limits = body.limits(over: bot.limits)
        if let status = body.status {
            bot.status = status
            bot.statusReason = body.statusReason
        } else if let reason = body.statusReason {
            bot.statusReason = reason
        }
        try await services.bots.update(bot)
        return JSONResponse.make(BotJSON.make(bot, bindings: try await bindingCounts(tenant: bot.tenantID)[bot.id] ?? 0))
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let tenant = try context.tenant()
        let id = try Self.botID(request, context)
        // Ownership from the bots row alone: a bot whose keys cannot be opened can still be deleted.
        guard try await LocalBotLookup.find(id, tenantID: tenant, pool: services.pool) != .notFound,
              try await services.bots.delete(id: id)
        else { throw Self.noSuchBot(id) }
        return JSONResponse.noContent()
    }

    private func bindingCounts(tenant: String) async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for binding in try await services.bindings.list(tenantID: tenant) {
            // A fallback bot is used by the binding too (a bot in use cannot be deleted).
            for id in (binding.botID.map { [$0] } ?? []) + binding.fallbackBotIDs { counts[id, default: 0] += 1 }
        }
        return counts
    }

    // MARK: The bot of the path

    static func botID(_ request: Request, _ context: AdminRequestContext) throws -> UUID {
        let text = context.parameters.get("bot_id") ?? ""
        guard let id = UUID(uuidString: text) else { throw AdminError.notFound("no bot with id '\(text)' in this tenant") }
        return id
    }

    /// The path's bot if it is the token's tenant's: another tenant's bot answers 404 like a missing one.
    static func bot(_ request: Request, _ context: AdminRequestContext, _ services: AdminServices) async throws -> Bot {
        let id = try botID(request, context)
        guard let bot = try await services.bots.bot(id: id, tenantID: try context.tenant()) else { throw noSuchBot(id) }
        return bot
    }

    static func noSuchBot(_ id: UUID) -> AdminError {
        AdminError.notFound("no bot with id \(id.uuidString.lowercased()) in this tenant")
    }
}
