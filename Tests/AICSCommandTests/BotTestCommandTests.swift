import Fakes
import Foundation
import Testing

@Suite(.enabled(if: AICSBinary.isAvailable, "needs AICS_TEST_DATABASE_URL and the built aics executable"))
struct BotTestCommandTests {
    let question = "How long do I have to request a refund?"

    @Test func asksADifyBotAndPrintsTheAnswerWithSources() async throws {
        try await AICSBinary.migrate()
        let dify = try await DifyFake.start()
        do {
            let tenant = AICSBinary.uniqueTenant()
            let created = try await AICSBinary.run(
                ["bot", "create", "--tenant", tenant, "--name", "support", "--provider", "dify", "--base-url", dify.baseURL,
                 "--response-mode", "blocking", "--dataset-id", dify.datasetID],
                environment: ["AICS_BOT_API_KEY": dify.appKey, "AICS_BOT_KNOWLEDGE_KEY": dify.datasetKey]
            )
            #expect(created.status == 0, "\(created.all)")

            let answer = try await AICSBinary.run(["bot", "test", "--tenant", tenant, "--name", "support", "--question", question])
            #expect(answer.status == 0, "\(answer.all)")
            #expect(answer.stdout.contains("30 days"))
            #expect(answer.stdout.contains("sources:"))
            #expect(!answer.all.contains(dify.appKey) && !answer.all.contains(dify.datasetKey))

            let check = try await AICSBinary.run(["bot", "test", "--tenant", tenant, "--name", "support", "--check"])
            #expect(check.status == 0, "\(check.all)")
            #expect(!check.all.contains(dify.appKey))

            // A provider failure is reported readably with a non-zero exit.
            dify.inject(.unauthorized)
            let failed = try await AICSBinary.run(["bot", "test", "--tenant", tenant, "--name", "support", "-q", question])
            #expect(failed.status != 0)
            #expect(failed.stderr.contains("gave no answer"), "\(failed.all)")
            #expect(!failed.all.contains(dify.appKey))
        } catch {
            await dify.stop()
            throw error
        }
        await dify.stop()
    }

    @Test func asksALocalBotLoadedWithKnowledge() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let created = try await AICSBinary.run(["bot", "create", "--tenant", tenant, "--name", "faq", "--provider", "local", "--json"])
        #expect(created.status == 0, "\(created.all)")
        let bot = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let id = try #require(bot["id"] as? String)

        let empty = try await AICSBinary.run(["bot", "test", id, "-q", "营业时间"])
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("aics kb import"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("aics-faq-\(UUID().uuidString).jsonl")
        try Data(#"{"question": "营业时间是什么时候？", "answer": "我们每天9点到18点营业。"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let imported = try await AICSBinary.run(["kb", "import", "--bot", id, "--file", file.path])
        #expect(imported.status == 0, "\(imported.all)")

        let answer = try await AICSBinary.run(["bot", "test", id, "-q", "营业时间", "--json"])
        #expect(answer.status == 0, "\(answer.all)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])
        #expect(json["text"] as? String == "我们每天9点到18点营业。")
        #expect((json["sources"] as? [[String: Any]])?.first?["title"] as? String == "营业时间是什么时候？")
    }
}
