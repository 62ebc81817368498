import Foundation
import Testing

@Suite(.enabled(if: AICSBinary.isAvailable, "needs AICS_TEST_DATABASE_URL and the built aics executable"))
struct BotCommandTests {
    let apiKey = "app-CLItestSECRET0123456789wxyz"
    let knowledgeKey = "dataset-CLIknowledgeSECRET9876"

    @Test func createsABotWithTheKeyFromTheEnvironmentAndNeverPrintsIt() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let created = try await AICSBinary.run(
            ["bot", "create", "--tenant", tenant, "--name", "support", "--provider", "dify", "--base-url", "http://dify.local/v1",
             "--dataset-id", "ds-1"],
            environment: ["AICS_BOT_API_KEY": apiKey, "AICS_BOT_KNOWLEDGE_KEY": knowledgeKey]
        )
        #expect(created.status == 0, "\(created.all)")
        #expect(created.stdout.contains("app-…wxyz"))

        for command in [["bot", "list", "--tenant", tenant], ["bot", "list", "--tenant", tenant, "--json"],
                        ["bot", "show", "--tenant", tenant, "--name", "support"], ["bot", "show", "--tenant", tenant, "--name", "support", "--json"]] {
            let result = try await AICSBinary.run(command)
            #expect(result.status == 0, "\(command): \(result.all)")
            #expect(result.stdout.contains("support"))
            #expect(result.stdout.contains("app-…wxyz"))
            #expect(!result.all.contains("CLItestSECRET") && !result.all.contains("CLIknowledgeSECRET"), "\(command) printed a key")
        }
        #expect(!created.all.contains("CLItestSECRET") && !created.all.contains("CLIknowledgeSECRET"))
    }

    @Test func readsTheKeyFromAFileAndUpdatesOnlyWhatIsGiven() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("aics-key-\(UUID().uuidString)")
        try Data("sk-proj-CLIfileSECRET0123456789abcd\n".utf8).write(to: keyFile)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let created = try await AICSBinary.run(
            ["bot", "create", "--tenant", tenant, "--name", "docs", "--provider", "openai", "--model", "gpt-4.1-mini",
             "--vector-store-id", "vs_1", "--api-key-file", keyFile.path, "--json"]
        )
        #expect(created.status == 0, "\(created.all)")
        let updated = try await AICSBinary.run(
            ["bot", "update", "--tenant", tenant, "--name", "docs", "--instructions", "Answer briefly.", "--status", "disabled", "--json"]
        )
        #expect(updated.status == 0, "\(updated.all)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(updated.stdout.utf8)) as? [String: Any])
        let settings = try #require(json["settings"] as? [String: Any])
        #expect(settings["model"] as? String == "gpt-4.1-mini")
        #expect(settings["instructions"] as? String == "Answer briefly.")
        #expect(json["status"] as? String == "disabled")
        #expect(json["api_key_hint"] as? String == "sk-…abcd")
        #expect(!updated.all.contains("CLIfileSECRET"))
    }

    @Test func refusesBadInputWithReadableMessages() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let cases: [(arguments: [String], environment: [String: String?], message: String)] = [
            (["bot", "create", "--tenant", tenant, "--name", "x", "--provider", "gemini"], [:], "unknown provider 'gemini'"),
            (["bot", "create", "--tenant", tenant, "--name", "x", "--provider", "openai", "--vector-store-id", "vs_1"],
             ["AICS_BOT_API_KEY": "sk-abcdefghijklmnop"], "openai bots need --model"),
            (["bot", "create", "--tenant", tenant, "--name", "x", "--provider", "dify", "--base-url", "not a url"],
             ["AICS_BOT_API_KEY": "app-abcdefghijklmnop"], "is not an http(s) URL"),
            (["bot", "create", "--tenant", tenant, "--name", "x", "--provider", "dify"], [:], "dify bots need an API key"),
            (["bot", "create", "--tenant", tenant, "--name", "x", "--provider", "dify", "--api-key", "app-abcdefghijklmnop"], [:], "--api-key"),
            (["bot", "list"], ["AICS_SECRET_KEY": nil], "no secret key"),
            (["bot", "list"], ["AICS_SECRET_KEY": "short"], "at least 32 characters"),
            (["binding", "set", "--tenant", tenant, "--account", "a", "--mode", "hosted"], [:], "needs --bot"),
            (["binding", "set", "--tenant", tenant, "--account", "a", "--mode", "off", "--merge-window", "soon"], [:], "is not a duration"),
            (["binding", "set", "--tenant", tenant, "--account", "a", "--mode", "sometimes"], [:], "unknown --mode"),
            (["binding", "set", "--tenant", tenant, "--account", "a", "--mode", "assist", "--bot", "ghost"], [:], "no bot named 'ghost'"),
            (["bot", "create", "--tenant", tenant, "--name", "x", "--provider", "local", "--max-concurrency", "0"], [:], "--max-concurrency must be at least 1"),
            (["bot", "create", "--tenant", tenant, "--name", "x", "--provider", "local", "--requests-per-second", "0"], [:], "--requests-per-second must be a positive number"),
            (["binding", "set", "--tenant", tenant, "--account", "a", "--mode", "off", "--patience", "soon"], [:], "is not a duration"),
        ]
        for item in cases {
            let result = try await AICSBinary.run(item.arguments, environment: item.environment)
            #expect(result.status != 0, "\(item.arguments) succeeded")
            #expect(result.stderr.contains(item.message), "\(item.arguments): \(result.all)")
        }
        let list = try await AICSBinary.run(["bot", "list", "--tenant", tenant])
        #expect(list.stdout.contains("no bots"))
    }

    @Test func rotatesSecretsToANewKey() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let newKey = "aics-command-tests-NEW-key-0123456789xyz"
        let created = try await AICSBinary.run(
            ["bot", "create", "--tenant", tenant, "--name", "support", "--provider", "dify", "--api-key-stdin"], stdin: apiKey + "\n"
        )
        #expect(created.status == 0, "\(created.all)")
        let rotated = try await AICSBinary.run(
            ["bot", "rotate-secrets", "--tenant", tenant, "--json"],
            environment: ["AICS_SECRET_KEY": newKey, "AICS_SECRET_KEY_PREVIOUS": AICSBinary.secretKey]
        )
        #expect(rotated.status == 0, "\(rotated.all)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(rotated.stdout.utf8)) as? [String: Any])
        #expect(report["rotated"] as? Int == 1)

        let withNewKey = try await AICSBinary.run(["bot", "show", "--tenant", tenant, "--name", "support"], environment: ["AICS_SECRET_KEY": newKey])
        #expect(withNewKey.status == 0, "\(withNewKey.all)")
        #expect(withNewKey.stdout.contains("app-…wxyz"))
        let withOldKey = try await AICSBinary.run(["bot", "show", "--tenant", tenant, "--name", "support"])
        #expect(withOldKey.status != 0)
        #expect(withOldKey.stderr.contains("cannot be opened"))
        #expect(!withOldKey.all.contains(apiKey))
    }

    @Test func helpExplainsWhereKeysComeFrom() async throws {
        let help = try await AICSBinary.run(["bot", "create", "--help"])
        #expect(help.status == 0)
        for text in ["AICS_BOT_API_KEY", "--api-key-file", "AICS_SECRET_KEY", "AICS_DATABASE_URL", "shell history", "--vector-store-id"] {
            #expect(help.stdout.contains(text), "help lacks \(text)")
        }
    }
}
