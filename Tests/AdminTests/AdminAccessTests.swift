import Admin
import Foundation
import HTTP
import JSON
import Testing

/// Who may call what: tokens (401) and tenants (404).
@Suite(.enabled(if: AdminFixture.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct AdminAccessTests {
    static let protectedRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/v1/bots"), (.post, "/v1/bots"), (.get, "/v1/bots/\(UUID())"), (.patch, "/v1/bots/\(UUID())"),
        (.delete, "/v1/bots/\(UUID())"), (.post, "/v1/bots/\(UUID())/preview"), (.post, "/v1/bots/\(UUID())/check"),
        (.get, "/v1/bots/\(UUID())/knowledge"), (.post, "/v1/bots/\(UUID())/knowledge"), (.get, "/v1/bindings"),
        (.put, "/v1/bindings/acct"), (.delete, "/v1/bindings/acct"),
        (.get, "/v1/bots/\(UUID())/knowledge/sync"), (.post, "/v1/bots/\(UUID())/knowledge/sync"),
        (.get, "/v1/content-rules"), (.post, "/v1/content-rules"), (.delete, "/v1/content-rules/1"),
    ]

    @Test func withoutAValidTokenEveryRouteAnswers401() async throws {
        try await AdminFixture.with { admin in
            let tenant = AdminFixture.uniqueTenant()
            let good = try await admin.token(tenant: tenant)
            let store = TokenStore(pool: admin.pool)
            let revoked = try await store.create(tenantID: tenant, name: "old")
            try await store.revoke(id: revoked.record.id)
            let wrongTokens: [String?] = [nil, "", "aics_" + String(repeating: "x", count: 43), String(good.dropLast()) + (good.hasSuffix("Q") ? "R" : "Q"), revoked.token.value, "Basic \(good)"]
            for route in Self.protectedRoutes {
                for wrong in wrongTokens {
                    var headers = HTTPHeaders()
                    if let wrong { headers.set("Authorization", wrong.hasPrefix("Basic") ? wrong : "Bearer \(wrong)") }
                    let reply = try await admin.request(route.method, route.path, token: nil, json: .object([:]), headers: headers)
                    #expect(reply.status == 401, "\(route) with \(wrong ?? "no token"): \(reply.status) \(reply.text)")
                    #expect(reply.errorCode == "unauthorized")
                    #expect(reply.headers["WWW-Authenticate"] == "Bearer")
                }
            }
            let open = try await admin.request(.get, "/openapi.json", token: nil)
            #expect(open.status == 200)
            #expect(open.json?["openapi"]?.stringValue == "3.1.0")
            let ok = try await admin.request(.get, "/v1/bots", token: good)
            #expect(ok.status == 200, "\(ok.text)")
        }
    }

    @Test func anotherTenantsBotsAndBindingsAnswer404() async throws {
        try await AdminFixture.with { admin in
            let owner = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let stranger = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let created = try await admin.request(.post, "/v1/bots", token: owner, json: object(["name": .string("faq"), "provider": .string("local")]))
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json?["id"]?.stringValue)
            let upload = try await admin.request(.post, "/v1/bots/\(id)/knowledge?format=csv", token: owner, raw: "question,answer\nHi?,Hello.\n")
            #expect(upload.status == 200, "\(upload.text)")
            let bound = try await admin.request(.put, "/v1/bindings/wecom-1", token: owner, json: object(["bot": .string(id), "mode": .string("assist")]))
            #expect(bound.status == 200, "\(bound.text)")

            let attempts: [(HTTPRequest.Method, String, JSONValue?, String?)] = [
                (.get, "/v1/bots/\(id)", nil, nil),
                (.patch, "/v1/bots/\(id)", object(["name": .string("mine")]), nil),
                (.delete, "/v1/bots/\(id)", nil, nil),
                (.post, "/v1/bots/\(id)/preview", object(["question": .string("Hi?")]), nil),
                (.post, "/v1/bots/\(id)/check", nil, nil),
                (.get, "/v1/bots/\(id)/knowledge", nil, nil),
                (.post, "/v1/bots/\(id)/knowledge?format=csv", nil, "question,answer\nq,a\n"),
                (.delete, "/v1/bindings/wecom-1", nil, nil),
            ]
            for (method, path, body, raw) in attempts {
                let reply = try await admin.request(method, path, token: stranger, json: body, raw: raw)
                #expect(reply.status == 404, "\(method) \(path): \(reply.status) \(reply.text)")
                #expect(reply.errorCode == "not_found")
            }
            // Binding another tenant's bot: refused, and the answer does not tell whether it exists.
            let foreign = try await admin.request(.put, "/v1/bindings/x", token: stranger, json: object(["bot": .string(id), "mode": .string("assist")]))
            #expect(foreign.status == 400 && foreign.errorField == "bot", "\(foreign.text)")
            #expect(try await admin.request(.get, "/v1/bots", token: stranger).json?["bots"] == .array([]))
            #expect(try await admin.request(.get, "/v1/bindings", token: stranger).json?["bindings"] == .array([]))

            // The owner's data is untouched.
            let mine = try await admin.request(.get, "/v1/bots/\(id)", token: owner)
            #expect(mine.json?["name"]?.stringValue == "faq")
            #expect(mine.json?["bindings"]?.numberValue == 1)
            let knowledge = try await admin.request(.get, "/v1/bots/\(id)/knowledge", token: owner)
            #expect(knowledge.json?["count"]?.numberValue == 1)
        }
    }
}
