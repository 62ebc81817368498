import Foundation
import Testing

@Suite(.enabled(if: AICSBinary.isAvailable, "needs AICS_TEST_DATABASE_URL and the built aics executable"))
struct BindingCommandTests {
    @Test func setsListsOverridesAndRemovesBindings() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let bot = try await AICSBinary.run(["bot", "create", "--tenant", tenant, "--name", "faq", "--provider", "local"])
        #expect(bot.status == 0, "\(bot.all)")

        let set = try await AICSBinary.run(
            ["binding", "set", "--tenant", tenant, "--account", "wecom-1", "--bot", "faq", "--mode", "hosted",
             "--fallback-text", "稍后为您转接人工客服", "--handoff-keyword", "转人工", "--merge-window", "3s", "--takeover-pause", "10m"],
            environment: ["AICS_SECRET_KEY": nil]
        )
        #expect(set.status == 0, "\(set.all)")
        let override = try await AICSBinary.run(["binding", "set", "--tenant", tenant, "--account", "wecom-1", "--conversation", "vip", "--mode", "off"])
        #expect(override.status == 0, "\(override.all)")

        let list = try await AICSBinary.run(["binding", "list", "--tenant", tenant])
        #expect(list.status == 0, "\(list.all)")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.contains { $0.contains("wecom-1") && $0.contains("faq") && $0.contains("hosted") && $0.contains("3s") && $0.contains("转人工") })
        #expect(lines.contains { $0.contains("vip") && $0.contains("off") })

        let json = try await AICSBinary.run(["binding", "list", "--tenant", tenant, "--json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.first?["merge_window_ms"] as? Int == 3000)
        #expect(array.first?["takeover_pause_ms"] as? Int == 600_000)
        #expect(array.first?["bot_name"] as? String == "faq")

        let refused = try await AICSBinary.run(["bot", "delete", "--tenant", tenant, "--name", "faq"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("still used by 1 binding"))

        #expect(try await AICSBinary.run(["binding", "remove", "--tenant", tenant, "--account", "wecom-1"]).status == 0)
        let again = try await AICSBinary.run(["binding", "remove", "--tenant", tenant, "--account", "wecom-1"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("no binding"))
        #expect(try await AICSBinary.run(["bot", "delete", "--tenant", tenant, "--name", "faq"]).status == 0)
    }

    @Test func fallbackBotsAreSetInOrderCheckedAndKeepTheirBotsFromDeletion() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        for name in ["primary", "spare", "last"] {
            #expect(try await AICSBinary.run(["bot", "create", "--tenant", tenant, "--name", name, "--provider", "local"]).status == 0)
        }
        let set = try await AICSBinary.run(
            ["binding", "set", "--tenant", tenant, "--account", "wecom-1", "--bot", "primary", "--mode", "hosted",
             "--fallback-bot", "spare", "--fallback-bot", "last", "--json"])
        #expect(set.status == 0, "\(set.all)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(set.stdout.utf8)) as? [String: Any])
        #expect(object["fallback_bot_names"] as? [String] == ["spare", "last"])
        #expect((object["fallback_bot_ids"] as? [String])?.count == 2)
        let shown = try await AICSBinary.run(["binding", "list", "--tenant", tenant])
        #expect(shown.stdout.contains("spare → last"), "\(shown.all)")

        let own = try await AICSBinary.run(
            ["binding", "set", "--tenant", tenant, "--account", "wecom-1", "--bot", "primary", "--mode", "hosted", "--fallback-bot", "primary"])
        #expect(own.status != 0)
        #expect(own.stderr.contains("--fallback-bot must not name the binding's own bot"), "\(own.all)")
        let unknown = try await AICSBinary.run(
            ["binding", "set", "--tenant", tenant, "--account", "wecom-1", "--bot", "primary", "--mode", "hosted", "--fallback-bot", "nobody"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no bot named 'nobody'"), "\(unknown.all)")

        let refused = try await AICSBinary.run(["bot", "delete", "--tenant", tenant, "--name", "last"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("still used by 1 binding"), "\(refused.all)")
    }
}
