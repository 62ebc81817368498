import Catalog
import Foundation
import Hummingbird
import JSON

/// `GET /v1/bindings`, `PUT|DELETE /v1/bindings/{account_id}` (`?conversation_id=` for one
/// conversation's override).
struct BindingRoutes {
    let services: AdminServices

    static let fields: Set<String> = [
        "bot", "mode", "fallback_text", "handoff_keywords", "merge_window_ms", "reply_timeout_ms", "takeover_pause_ms", "working_hours",
        "patience_ms", "unsupported_content", "holding_after_ms", "holding_text", "handoff_text",
        "fallback_bots",
    ]

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("bindings", use: list)
        group.put("bindings/{account_id}", use: set)
        group.delete("bindings/{account_id}", use: remove)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let tenant = try context.tenant()
        let names = try await services.bindings.botNames(tenantID: tenant)
        let bindings = try await services.bindings.list(tenantID: tenant)
        return JSONResponse.make(.object(["bindings": .array(bindings.map { BindingJSON.make($0, names: names) })]))
    }

    /// Replaces the whole binding, like `aics binding set`: members left out take their defaults.
    @Sendable func set(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let tenant = try context.tenant()
        let account = try Self.account(context)
        let conversation = try QueryFlag.string(request, "conversation_id")
        let body = try await RequestBodyReader.object(request, limit: services.configuration.maxJSONBodyBytes)
        try body.allowOnly(Self.fields)
        let mode = try Mode.parse(try body.requiredString("mode"))
        var binding = Binding(
            tenantID: tenant, accountID: account, conversationID: conversation, botID: nil, mode: mode,
            fallbackText: try body.string("fallback_text"), handoffKeywords: try body.strings("handoff_keywords") ?? [],
            workingHoursJSON: try body.object("working_hours").map(JSONWriter.string), handoffText: try body.string("handoff_text"))
        if let ms = try body.integer("merge_window_ms") { binding.mergeWindow = try Self.duration(ms, .mergeWindow) }
        if let ms = try body.integer("reply_timeout_ms") { binding.replyTimeout = try Self.duration(ms, .replyTimeout) }
        if let ms = try body.integer("takeover_pause_ms") { binding.takeoverPause = try Self.duration(ms, .takeoverPause) }
        if let ms = try body.integer("patience_ms") { binding.patience = try Self.duration(ms, .patience) }
        if let route = try body.string("unsupported_content") { binding.unsupportedContent = try UnsupportedContentRoute.parse(route) }
        switch (try body.integer("holding_after_ms"), try body.string("holding_text")) {
        case (nil, nil): break
        case (let ms?, let text?): binding.holding = Binding.Holding(after: try Self.duration(ms, .holdingAfter), text: text)
        case (nil, _): throw InputError(.holdingAfter) { "\($0) is required with holding_text" }
        case (_, nil): throw InputError(.holdingText) { "\($0) is required with holding_after_ms" }
        }
        if let reference = try body.string("bot") {
            // The same lookup as `aics binding set --bot`: an id or a name, only in this tenant.
            binding.botID = try await services.bindings.botID(tenantID: tenant, reference: reference)
        }
        for reference in try body.strings("fallback_bots") ?? [] {
            binding.fallbackBotIDs.append(try await services.bindings.botID(tenantID: tenant, reference: reference, field: .fallbackBots))
        }
        try await services.bindings.set(binding)
        return JSONResponse.make(BindingJSON.make(binding, names: try await services.bindings.botNames(tenantID: tenant)))
    }

    @Sendable func remove(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let tenant = try context.tenant()
        let account = try Self.account(context)
        let conversation = try QueryFlag.string(request, "conversation_id")
        guard try await services.bindings.remove(tenantID: tenant, accountID: account, conversationID: conversation) else {
            throw AdminError.notFound("no binding for account \(account)" + (conversation.map { " conversation \($0)" } ?? "") + " in this tenant")
        }
        return JSONResponse.noContent()
    }

    static func account(_ context: AdminRequestContext) throws -> String {
        let account = context.parameters.get("account_id") ?? ""
        try JSONObject.refuseNUL(account, field: "account_id")
        return account
    }

    /// Milliseconds of a body member; negative values are left to the shared rules, which name them.
    static func duration(_ milliseconds: Int, _ field: InputField) throws -> Duration {
        guard abs(milliseconds) <= Int(Int32.max) else {
            throw InputError(field) { "\($0) must be shorter than 24 days" }
        }
        return .milliseconds(milliseconds)
    }
}
