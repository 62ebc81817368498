import Catalog
import Hummingbird
import JSON

/// `GET|POST /v1/content-rules`, `DELETE /v1/content-rules/{rule_id}`: the tenant's sensitive
/// words on customer input and bot output, like `aics content-rule` (the same rules, in Catalog).
struct ContentRuleRoutes {
    let services: AdminServices

    static let fields: Set<String> = ["applies_to", "word", "action", "replacement"]

    func register(on group: RouterGroup<AdminRequestContext>) {
        group.get("content-rules", use: list)
        group.post("content-rules", use: set)
        group.delete("content-rules/{rule_id}", use: remove)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let rules = try await ContentRuleStore(pool: services.pool).list(tenantID: try context.tenant())
        return JSONResponse.make(.object(["content_rules": .array(rules.map(Self.json))]))
    }

    /// Adds the rule, or changes the action of the tenant's rule for the same word and target.
    @Sendable func set(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let tenant = try context.tenant()
        let body = try await RequestBodyReader.object(request, limit: services.configuration.maxJSONBodyBytes)
        try body.allowOnly(Self.fields)
        let rule = ContentRule(
            tenantID: tenant, appliesTo: try ContentRule.Target.parse(try body.requiredString("applies_to")),
            word: try body.requiredString("word"), action: try ContentRule.Action.parse(try body.requiredString("action")),
            replacement: try body.string("replacement"))
        let stored = try await ContentRuleStore(pool: services.pool).set(rule)
        return JSONResponse.make(Self.json(stored))
    }

    @Sendable func remove(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let text = context.parameters.get("rule_id") ?? ""
        guard let id = Int64(text), id > 0,
              try await ContentRuleStore(pool: services.pool).remove(tenantID: try context.tenant(), id: id)
        else { throw AdminError.notFound("no content rule with id '\(text)' in this tenant") }
        return JSONResponse.noContent()
    }

    static func json(_ rule: ContentRule) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .number(Double(rule.id)), "applies_to": .string(rule.appliesTo.rawValue), "word": .string(rule.word),
            "action": .string(rule.action.rawValue),
        ]
        if rule.action == .replace { object["replacement"] = .string(rule.replacement ?? ContentRule.defaultReplacement) }
        return .object(object)
    }
}
