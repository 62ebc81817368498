import Catalog
import Fakes
import Foundation
import HTTP
import JSON
import Testing

/// Bots, keys, previews, checks, knowledge and bindings through the API.
@Suite(.enabled(if: AdminFixture.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct AdminBotTests {
    @Test func keysAreWriteOnlyAndCheckedAgainstTheProvider() async throws {
        let dify = try await DifyFake.start()
        defer { Task { await dify.stop() } }
        try await AdminFixture.with { admin in
            let tenant = AdminFixture.uniqueTenant()
            let token = try await admin.token(tenant: tenant)
            var replies: [AdminFixture.Reply] = []

            // A wrong app key: refused by the provider, nothing stored.
            let wrong = try await admin.request(.post, "/v1/bots", token: token, json: object([
                "name": .string("support"), "provider": .string("dify"), "base_url": .string(dify.baseURL),
                "api_key": .string("app-WrongKeyWrongKeyWrong9999"),
            ]))
            replies.append(wrong)
            #expect(wrong.status == 400 && wrong.errorCode == "credentials_rejected" && wrong.errorField == "api_key", "\(wrong.text)")

            // The right keys: checked and stored; only hints come back.
            let created = try await admin.request(.post, "/v1/bots", token: token, json: object([
                "name": .string("support"), "provider": .string("dify"), "base_url": .string(dify.baseURL),
                "api_key": .string(dify.appKey), "knowledge_key": .string(dify.datasetKey), "dataset_ids": .array([.string(dify.datasetID)]),
            ]))
            replies.append(created)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(created.headers["Location"] == "/v1/bots/\(id)")
            #expect(created.json?["api_key_hint"]?.stringValue == BotSecrets.hint(dify.appKey))
            #expect(created.json?["knowledge_key_hint"]?.stringValue == BotSecrets.hint(dify.datasetKey))

            // ?check=false stores a bot whose provider cannot be reached.
            let unchecked = try await admin.request(.post, "/v1/bots?check=false", token: token, json: object([
                "name": .string("offline"), "provider": .string("dify"), "base_url": .string("http://127.0.0.1:1/v1"),
                "api_key": .string("app-OfflineKeyOfflineKey0001"),
            ]))
            replies.append(unchecked)
            #expect(unchecked.status == 201, "\(unchecked.text)")
            let unreachable = try await admin.request(.post, "/v1/bots", token: token, json: object([
                "name": .string("offline2"), "provider": .string("dify"), "base_url": .string("http://127.0.0.1:1/v1"),
                "api_key": .string("app-OfflineKeyOfflineKey0002"),
            ]))
            replies.append(unreachable)
            #expect(unreachable.status == 502 && unreachable.errorCode == "provider_unavailable", "\(unreachable.text)")

            replies.append(try await admin.request(.get, "/v1/bots", token: token))
            replies.append(try await admin.request(.get, "/v1/bots/\(id)", token: token))
            let patched = try await admin.request(.patch, "/v1/bots/\(id)", token: token, json: object([
                "api_key": .string(dify.appKey), "response_mode": .string("blocking"),
            ]))
            replies.append(patched)
            #expect(patched.status == 200 && patched.json?["response_mode"]?.stringValue == "blocking", "\(patched.text)")
            let checked = try await admin.request(.post, "/v1/bots/\(id)/check", token: token)
            replies.append(checked)
            #expect(checked.status == 200 && checked.json?["valid"] == .bool(true), "\(checked.text)")
            let preview = try await admin.request(.post, "/v1/bots/\(id)/preview", token: token, json: object(["question": .string("How long does shipping take?")]))
            replies.append(preview)
            #expect(preview.status == 200, "\(preview.text)")
            #expect(preview.json?["text"]?.stringValue?.isEmpty == false)
            #expect(preview.json?["latency_ms"]?.numberValue != nil)
            let duplicate = try await admin.request(.post, "/v1/bots?check=false", token: token, json: object([
                "name": .string("support"), "provider": .string("dify"), "api_key": .string(dify.appKey),
            ]))
            replies.append(duplicate)
            #expect(duplicate.status == 409 && duplicate.errorCode == "duplicate_name" && duplicate.errorField == "name", "\(duplicate.text)")

            let secrets = [dify.appKey, dify.datasetKey, "app-WrongKeyWrongKeyWrong9999", "app-OfflineKeyOfflineKey0001", "app-OfflineKeyOfflineKey0002"]
            for reply in replies {
                for secret in secrets {
                    #expect(!reply.text.contains(secret), "a response contains a key: \(reply.text)")
                    #expect(!reply.text.contains(String(secret.dropFirst(4).prefix(12))), "a response contains part of a key: \(reply.text)")
                }
            }
            // At rest the keys are sealed: no plain-text column holds them.
            let dump = try await admin.pool.query("SELECT row_to_json(b)::text FROM bots b")
            for row in dump {
                let text = try row.decode(0, as: String.self)
                for secret in secrets { #expect(!text.contains(secret)) }
            }
        }
    }

    @Test func localKnowledgePreviewAndBindingsLikeTheCommandLine() async throws {
        try await AdminFixture.with { admin in
            let tenant = AdminFixture.uniqueTenant()
            let token = try await admin.token(tenant: tenant)
            let created = try await admin.request(.post, "/v1/bots", token: token, json: object([
                "name": .string("faq"), "provider": .string("local"), "threshold": .number(0.3), "max_concurrency": .number(8),
            ]))
            #expect(created.status == 201 && created.json?["max_concurrency"]?.numberValue == 8, "\(created.text)")
            let id = try #require(created.json?["id"]?.stringValue)

            let empty = try await admin.request(.post, "/v1/bots/\(id)/preview", token: token, json: object(["question": .string("Shipping?")]))
            #expect(empty.status == 409 && empty.errorCode == "no_knowledge", "\(empty.text)")

            let csv = "question,answer,tags\nHow long does shipping take?,We ship within 24 hours on weekdays.,shipping\n"
            let imported = try await admin.request(.post, "/v1/bots/\(id)/knowledge?source=faq.csv", token: token, raw: csv, headers: ["Content-Type": "text/csv"])
            #expect(imported.status == 200 && imported.json?["imported"]?.numberValue == 1, "\(imported.text)")
            let markdown = "## 退货政策是什么？\n收到商品30天内可无理由退货。\n"
            let more = try await admin.request(.post, "/v1/bots/\(id)/knowledge?format=md&source=returns.md", token: token, raw: markdown)
            #expect(more.status == 200 && more.json?["count"]?.numberValue == 2, "\(more.text)")
            // Re-importing a source replaces its entries.
            let again = try await admin.request(.post, "/v1/bots/\(id)/knowledge?source=faq.csv", token: token, raw: csv, headers: ["Content-Type": "text/csv; charset=utf-8"])
            #expect(again.json?["count"]?.numberValue == 2, "\(again.text)")
            // In import order: returns.md's entry, then faq.csv's imported again.
            let listed = try await admin.request(.get, "/v1/bots/\(id)/knowledge?limit=1&offset=1", token: token)
            #expect(listed.json?["count"]?.numberValue == 2)
            #expect(listed.json?["entries"]?.arrayValue?.count == 1)
            #expect(listed.json?["entries"]?.arrayValue?.first?["tags"] == .array([.string("shipping")]))

            let preview = try await admin.request(.post, "/v1/bots/\(id)/preview", token: token, json: object(["question": .string("How long does shipping take?")]))
            #expect(preview.status == 200, "\(preview.text)")
            #expect(preview.json?["text"]?.stringValue == "We ship within 24 hours on weekdays.")
            #expect(preview.json?["sources"]?.arrayValue?.isEmpty == false)
            // Nothing stored: no ledger or history row.
            #expect(try await admin.pool.query("SELECT 1 FROM inbound_messages").isEmpty)

            // Bindings: by name like `aics binding set --bot faq`, then a conversation override.
            let bound = try await admin.request(.put, "/v1/bindings/wecom-1", token: token, json: object([
                "bot": .string("faq"), "mode": .string("hosted"), "handoff_keywords": .array([.string("转人工")]),
                "merge_window_ms": .number(3000), "fallback_text": .string("稍后为您转接人工客服"),
                "working_hours": object(["timezone": .string("Asia/Shanghai")]), "patience_ms": .number(5000),
            ]))
            #expect(bound.status == 200, "\(bound.text)")
            #expect(bound.json?["bot_id"]?.stringValue == id && bound.json?["bot_name"]?.stringValue == "faq")
            #expect(bound.json?["working_hours"]?["timezone"]?.stringValue == "Asia/Shanghai")
            #expect(bound.json?["patience_ms"]?.numberValue == 5000)
            let limited = try await admin.request(.patch, "/v1/bots/\(id)", token: token, json: object(["max_concurrency": .null, "requests_per_second": .number(2.5)]))
            #expect(limited.json?["max_concurrency"] == nil && limited.json?["requests_per_second"]?.numberValue == 2.5, "\(limited.text)")
            let override = try await admin.request(.put, "/v1/bindings/wecom-1?conversation_id=conv-42", token: token, json: object(["mode": .string("off")]))
            #expect(override.status == 200 && override.json?["conversation_id"]?.stringValue == "conv-42", "\(override.text)")
            let bindings = try #require(try await admin.request(.get, "/v1/bindings", token: token).json?["bindings"]?.arrayValue)
            #expect(bindings.count == 2)
            #expect(bindings.first?["merge_window_ms"]?.numberValue == 3000)

            let inUse = try await admin.request(.delete, "/v1/bots/\(id)", token: token)
            #expect(inUse.status == 409 && inUse.errorCode == "in_use", "\(inUse.text)")
            #expect(try await admin.request(.delete, "/v1/bindings/wecom-1?conversation_id=conv-42", token: token).status == 204)
            #expect(try await admin.request(.delete, "/v1/bindings/wecom-1?conversation_id=conv-42", token: token).status == 404)
            #expect(try await admin.request(.delete, "/v1/bindings/wecom-1", token: token).status == 204)
            #expect(try await admin.request(.delete, "/v1/bots/\(id)", token: token).status == 204)
            #expect(try await admin.request(.get, "/v1/bots/\(id)", token: token).status == 404)
        }
    }
}
