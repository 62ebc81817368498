import Foundation
import HTTP
import JSON
import Testing

/// Bad bodies answer 400 naming the field, with the rules the command line uses.
@Suite(.enabled(if: AdminFixture.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct AdminValidationTests {
    @Test func badBotBodiesNameTheField() async throws {
        try await AdminFixture.with { admin in
            let token = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let cases: [(JSONValue, String)] = [
                (object(["provider": .string("local")]), "name"),
                (object(["name": .string("x")]), "provider"),
                (object(["name": .string("x"), "provider": .string("gemini")]), "provider"),
                (object(["name": .string("  "), "provider": .string("local")]), "name"),
                (object(["name": .string("x"), "provider": .string("local"), "colour": .string("red")]), "colour"),
                (object(["name": .string("x"), "provider": .string("local"), "threshold": .number(2)]), "threshold"),
                (object(["name": .string("x"), "provider": .string("local"), "threshold": .string("high")]), "threshold"),
                (object(["name": .string("x"), "provider": .string("local"), "model": .string("gpt")]), "model"),
                (object(["name": .string("x"), "provider": .string("local"), "api_key": .string("app-0123456789abcdef")]), "api_key"),
                (object(["name": .string("x"), "provider": .string("openai"), "api_key": .string("sk-0123456789abcdef"), "vector_store_ids": .array([.string("vs_1")])]), "model"),
                (object(["name": .string("x"), "provider": .string("openai"), "api_key": .string("sk-0123456789abcdef"), "model": .string("gpt-4.1-mini"), "vector_store_ids": .array([])]), "vector_store_ids"),
                (object(["name": .string("x"), "provider": .string("dify"), "base_url": .string("not a url"), "api_key": .string("app-0123456789abcdef")]), "base_url"),
                (object(["name": .string("x"), "provider": .string("dify")]), "api_key"),
                (object(["name": .string("x"), "provider": .string("dify"), "api_key": .string("app-01234 56789")]), "api_key"),
                (object(["name": .string("x"), "provider": .string("dify"), "api_key": .string("app-0123456789abcdef"), "dataset_ids": .array([.string("ds")])]), "knowledge_key"),
                (object(["name": .string("x"), "provider": .string("dify"), "api_key": .string("app-0123456789abcdef"), "response_mode": .string("fast")]), "response_mode"),
                (object(["name": .string("x\u{0}y"), "provider": .string("local")]), "name"),
                (object(["name": .string("x"), "provider": .string("local"), "status": .string("quota_exhausted")]), "status"),
                (object(["name": .string("x"), "provider": .string("local"), "check": .string("no")]), "check"),
                (object(["name": .string("x"), "provider": .string("local"), "max_concurrency": .number(0)]), "max_concurrency"),
                (object(["name": .string("x"), "provider": .string("local"), "requests_per_second": .number(-1)]), "requests_per_second"),
            ]
            for (body, field) in cases {
                let reply = try await admin.request(.post, "/v1/bots", token: token, json: body)
                #expect(reply.status == 400, "\(JSONWriter.string(body)): \(reply.status) \(reply.text)")
                #expect(reply.errorField == field, "\(JSONWriter.string(body)): \(reply.text)")
                #expect(reply.json?["error"]?["message"]?.stringValue?.isEmpty == false)
            }
            let query = try await admin.request(.post, "/v1/bots?check=maybe", token: token, json: object(["name": .string("x"), "provider": .string("local")]))
            #expect(query.status == 400 && query.errorField == "check", "\(query.text)")
            #expect(try await admin.request(.get, "/v1/bots", token: token).json?["bots"] == .array([]), "a refused bot was stored")
        }
    }

    @Test func badBindingAndPreviewBodiesNameTheField() async throws {
        try await AdminFixture.with { admin in
            let token = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let created = try await admin.request(.post, "/v1/bots", token: token, json: object(["name": .string("faq"), "provider": .string("local")]))
            let id = try #require(created.json?["id"]?.stringValue)
            // Another tenant's bot: refused like an unknown one (its existence is not revealed).
            let stranger = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let strangerBot = try #require(try await admin.request(
                .post, "/v1/bots", token: stranger, json: object(["name": .string("spare"), "provider": .string("local")])).json?["id"]?.stringValue)
            let cases: [(JSONValue, String)] = [
                (object([:]), "mode"),
                (object(["mode": .string("sometimes")]), "mode"),
                (object(["mode": .string("hosted")]), "bot"),
                (object(["mode": .string("assist"), "bot": .string("ghost")]), "bot"),
                (object(["mode": .string("assist"), "bot": .string(UUID().uuidString)]), "bot"),
                (object(["mode": .string("off"), "merge_window_ms": .number(600_001)]), "merge_window_ms"),
                (object(["mode": .string("off"), "merge_window_ms": .number(1.5)]), "merge_window_ms"),
                (object(["mode": .string("off"), "reply_timeout_ms": .number(0)]), "reply_timeout_ms"),
                (object(["mode": .string("off"), "takeover_pause_ms": .number(-1)]), "takeover_pause_ms"),
                (object(["mode": .string("off"), "handoff_keywords": .array([.string(" ")])]), "handoff_keywords"),
                (object(["mode": .string("off"), "handoff_keywords": .string("转人工")]), "handoff_keywords"),
                (object(["mode": .string("off"), "working_hours": .array([.number(1)])]), "working_hours"),
                (object(["mode": .string("off"), "bot_id": .string(id)]), "bot_id"),
                (object(["mode": .string("off"), "patience_ms": .number(-1)]), "patience_ms"),
                (object(["mode": .string("hosted"), "bot": .string("faq"), "fallback_bots": .array([.string("ghost")])]), "fallback_bots"),
                (object(["mode": .string("hosted"), "bot": .string("faq"), "fallback_bots": .array([.string("faq")])]), "fallback_bots"),
                (object(["mode": .string("hosted"), "bot": .string("faq"), "fallback_bots": .string("faq")]), "fallback_bots"),
                (object(["mode": .string("hosted"), "bot": .string("faq"), "fallback_bots": .array([.string(strangerBot)])]), "fallback_bots"),
            ]
            for (body, field) in cases {
                let reply = try await admin.request(.put, "/v1/bindings/wecom-1", token: token, json: body)
                #expect(reply.status == 400, "\(JSONWriter.string(body)): \(reply.status) \(reply.text)")
                #expect(reply.errorField == field, "\(JSONWriter.string(body)): \(reply.text)")
            }
            let spare = try await admin.request(.post, "/v1/bots", token: token, json: object(["name": .string("spare"), "provider": .string("local")]))
            #expect(spare.status == 201, "\(spare.text)")
            let chained = try await admin.request(.put, "/v1/bindings/wecom-2", token: token, json: object([
                "bot": .string("faq"), "mode": .string("hosted"), "fallback_bots": .array([.string("spare")])]))
            #expect(chained.status == 200, "\(chained.text)")
            #expect(chained.json?["fallback_bot_names"] == .array([.string("spare")]))
            #expect(chained.json?["fallback_bot_ids"] == .array([.string(try #require(spare.json?["id"]?.stringValue))]))
            #expect(try await admin.request(.delete, "/v1/bindings/wecom-2", token: token).status == 204)
            let blankConversation = try await admin.request(.put, "/v1/bindings/wecom-1?conversation_id=%20", token: token, json: object(["mode": .string("off")]))
            #expect(blankConversation.status == 400 && blankConversation.errorField == "conversation_id", "\(blankConversation.text)")
            #expect(try await admin.request(.get, "/v1/bindings", token: token).json?["bindings"] == .array([]))

            for (body, field) in [(object([:]), "question"), (object(["question": .string("  ")]), "question"), (object(["q": .string("hi")]), "q")] {
                let reply = try await admin.request(.post, "/v1/bots/\(id)/preview", token: token, json: body)
                #expect(reply.status == 400 && reply.errorField == field, "\(reply.text)")
            }
            let notJSON = try await admin.request(.post, "/v1/bots", token: token, raw: "{\"name\": ")
            #expect(notJSON.status == 400 && notJSON.errorCode == "invalid_json", "\(notJSON.text)")
            let array = try await admin.request(.post, "/v1/bots", token: token, raw: "[]")
            #expect(array.status == 400 && array.errorCode == "invalid_json", "\(array.text)")
            let badCSV = try await admin.request(.post, "/v1/bots/\(id)/knowledge?format=jsonl", token: token, raw: "{\"question\": \"q\"}\n")
            #expect(badCSV.status == 400 && badCSV.errorCode == "invalid_knowledge", "\(badCSV.text)")
            #expect(badCSV.json?["error"]?["message"]?.stringValue?.contains("line 1") == true, "\(badCSV.text)")
            let noFormat = try await admin.request(.post, "/v1/bots/\(id)/knowledge", token: token, raw: "q,a\n")
            #expect(noFormat.status == 400 && noFormat.errorField == "format", "\(noFormat.text)")
            let badLimit = try await admin.request(.get, "/v1/bots/\(id)/knowledge?limit=0", token: token)
            #expect(badLimit.status == 400 && badLimit.errorField == "limit", "\(badLimit.text)")
        }
    }

    @Test func oversizeBodiesAnswer413() async throws {
        try await AdminFixture.with(.init(maxJSONBodyBytes: 4096, maxKnowledgeBodyBytes: 8192)) { admin in
            let token = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let big = object(["name": .string(String(repeating: "x", count: 5000)), "provider": .string("local")])
            let reply = try await admin.request(.post, "/v1/bots", token: token, json: big)
            #expect(reply.status == 413 && reply.errorCode == "body_too_large", "\(reply.status) \(reply.text)")
            let created = try await admin.request(.post, "/v1/bots", token: token, json: object(["name": .string("faq"), "provider": .string("local")]))
            let id = try #require(created.json?["id"]?.stringValue)
            let csv = "question,answer\n" + String(repeating: "How long does shipping take?,We ship within a day.\n", count: 300)
            let upload = try await admin.request(.post, "/v1/bots/\(id)/knowledge?format=csv", token: token, raw: csv)
            #expect(upload.status == 413 && upload.errorCode == "body_too_large", "\(upload.status) \(upload.text)")
            let unknownRoute = try await admin.request(.get, "/v1/nothing-here", token: token)
            #expect(unknownRoute.status == 404 && unknownRoute.errorCode == "not_found", "\(unknownRoute.text)")
        }
    }
}
