import Admin
import Catalog
import Foundation
import JSON
import Testing

/// `GET|POST /v1/content-rules`, `DELETE /v1/content-rules/{rule_id}`: per tenant, checked like
/// `aics content-rule`, stored where the workers read them.
@Suite(.enabled(if: AdminFixture.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct AdminContentRuleTests {
    @Test func rulesAreSetReplacedListedAndRemovedWithinTheirTenant() async throws {
        try await AdminFixture.with { admin in
            let tenant = AdminFixture.uniqueTenant()
            let token = try await admin.token(tenant: tenant)
            let stranger = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let set = try await admin.request(.post, "/v1/content-rules", token: token, json: object([
                "applies_to": .string("output"), "word": .string("保证退款"), "action": .string("replace"), "replacement": .string("按规定退款"),
            ]))
            #expect(set.status == 200, "\(set.text)")
            let id = try #require(set.json?["id"]?.numberValue)
            #expect(set.json?["replacement"]?.stringValue == "按规定退款")
            // The same word and target: the action changes, the id stays.
            let changed = try await admin.request(.post, "/v1/content-rules", token: token, json: object([
                "applies_to": .string("output"), "word": .string("保证退款"), "action": .string("handoff"),
            ]))
            #expect(changed.json?["id"]?.numberValue == id && changed.json?["action"]?.stringValue == "handoff", "\(changed.text)")
            #expect(changed.json?["replacement"] == nil)
            _ = try await admin.request(.post, "/v1/content-rules", token: token, json: object([
                "applies_to": .string("input"), "word": .string("spam"), "action": .string("block")]))

            // What the workers read (the store the CLI uses too).
            let stored = try await ContentRuleStore(pool: admin.pool).list(tenantID: tenant)
            #expect(stored.map(\.word) == ["spam", "保证退款"] && stored.last?.action == .handoff)
            let listed = try await admin.request(.get, "/v1/content-rules", token: token)
            #expect(listed.json?["content_rules"]?.arrayValue?.map { $0["word"]?.stringValue } == ["spam", "保证退款"], "\(listed.text)")

            // Another tenant sees none and cannot remove them.
            #expect(try await admin.request(.get, "/v1/content-rules", token: stranger).json?["content_rules"] == .array([]))
            #expect(try await admin.request(.delete, "/v1/content-rules/\(Int(id))", token: stranger).status == 404)
            #expect(try await admin.request(.delete, "/v1/content-rules/\(Int(id))", token: token).status == 204)
            #expect(try await admin.request(.delete, "/v1/content-rules/\(Int(id))", token: token).status == 404)
            #expect(try await admin.request(.delete, "/v1/content-rules/x", token: token).status == 404)
            #expect(try await ContentRuleStore(pool: admin.pool).list(tenantID: tenant).map(\.word) == ["spam"])
        }
    }

    @Test func badRulesAnswer400NamingTheField() async throws {
        try await AdminFixture.with { admin in
            let token = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let cases: [(JSONValue, String)] = [
                (object(["word": .string("x"), "action": .string("block")]), "applies_to"),
                (object(["applies_to": .string("sideways"), "word": .string("x"), "action": .string("block")]), "applies_to"),
                (object(["applies_to": .string("input"), "action": .string("block")]), "word"),
                (object(["applies_to": .string("input"), "word": .string("  "), "action": .string("block")]), "word"),
                (object(["applies_to": .string("input"), "word": .string("x"), "action": .string("erase")]), "action"),
                (object(["applies_to": .string("input"), "word": .string("x"), "action": .string("block"), "replacement": .string("y")]), "replacement"),
                (object(["applies_to": .string("input"), "word": .string("x"), "action": .string("block"), "tenant_id": .string("t")]), "tenant_id"),
                (object(["applies_to": .string("input"), "word": .string("a\u{0}b"), "action": .string("block")]), "word"),
            ]
            for (body, field) in cases {
                let reply = try await admin.request(.post, "/v1/content-rules", token: token, json: body)
                #expect(reply.status == 400, "\(JSONWriter.string(body)): \(reply.status) \(reply.text)")
                #expect(reply.errorField == field, "\(JSONWriter.string(body)): \(reply.text)")
            }
            #expect(try await admin.pool.query("SELECT 1 FROM content_rules").isEmpty)
        }
    }
}
