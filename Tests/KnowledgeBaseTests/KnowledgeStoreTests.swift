import Catalog
import Foundation
import HTTP
import Postgres
import Providers
import Testing

@Suite("Local knowledge base in Postgres", .enabled(if: KnowledgeDatabase.isConfigured))
struct KnowledgeStoreTests {
    static let csv = """
    question,answer,tags
    退货运费谁承担？,质量问题退货运费由我们承担；非质量问题由买家承担。,退货;运费
    "Can I pick up my order in store?","Yes. Choose ""Store pickup"" at checkout; your order is ready within 2 hours.",pickup
    会员积分怎么用？,每 100 积分抵 1 元，结算时自动抵扣。,
    How long do I have to request a refund?,You can request a refund within 30 days of delivery.,refunds|policy
    """

    static func writeTemporary(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func anImportedFileAnswersChineseAndEnglishAndSaysNoAnswerOtherwise() async throws {
        try await KnowledgeDatabase.withStore { store, pool in
            let botID = try await KnowledgeDatabase.insertBot(pool)
            let file = try KnowledgeFile.load(path: try Self.writeTemporary(Self.csv, name: "faq.csv"), format: nil)
            #expect(file.format == .csv)
            #expect(try await store.replace(botID: botID, entries: file.entries, source: file.sourceName) == 4)

            let entries = try await store.entries(botID: botID)
            #expect(entries.map(\.question) == file.entries.map(\.question))
            #expect(entries[0].tags == ["退货", "运费"])
            #expect(entries[2].tags == [])
            #expect(entries[3].tags == ["refunds", "policy"])
            #expect(entries.allSatisfy { $0.id != nil })

            let bot = Bot(id: botID, tenantID: "tenant-kb", name: "kb", settings: .local(LocalSettings()))
            let client = try HTTPClient()
            defer { client.shutdown() }
            let provider = try bot.makeProvider(httpClient: client, knowledge: entries)
            let ask = { (text: String) in ProviderQuestion(tenantID: "tenant-kb", customerID: "c", messages: [text]) }

            let chinese = try await provider.answer(ask("退货的运费是谁出？"))
            #expect(chinese.text.hasPrefix("质量问题退货运费由我们承担"))
            #expect(chinese.sources.first?.documentID == entries[0].id)
            let points = try await provider.answer(ask("积分怎么用"))
            #expect(points.text.contains("100 积分"))
            let english = try await provider.answer(ask("how long can I request a refund?"))
            #expect(english.text.contains("30 days"))

            for uncovered in ["What is the weather in Paris tomorrow?", "你们老板叫什么名字？"] {
                do throws(ProviderFailure) {
                    let answer = try await provider.answer(ask(uncovered))
                    Issue.record("\(uncovered) must get no answer, got \(answer.text)")
                } catch {
                    #expect(error.kind == .noAnswer)
                }
            }
        }
    }

    @Test func reImportingAFileReplacesItsEntriesOnly() async throws {
        try await KnowledgeDatabase.withStore { store, pool in
            let botID = try await KnowledgeDatabase.insertBot(pool)
            let other = try await KnowledgeDatabase.insertBot(pool)
            try await store.replace(botID: botID, entries: [KnowledgeEntry(question: "a?", answer: "A")], source: "extra.md")
            try await store.replace(botID: other, entries: [KnowledgeEntry(question: "x?", answer: "X")], source: "faq.csv")
            let many = (0..<2500).map { KnowledgeEntry(question: "question \($0)?", answer: "answer \($0)", tags: ["t\($0 % 3)"]) }
            try await store.replace(botID: botID, entries: many, source: "faq.csv")
            #expect(try await store.count(botID: botID) == 2501)

            try await store.replace(botID: botID, entries: Array(many.prefix(10)), source: "faq.csv")
            #expect(try await store.count(botID: botID) == 11)
            #expect(try await store.count(botID: other) == 1)
            let sources = try await store.sources(botID: botID)
            #expect(sources.map(\.source) == ["extra.md", "faq.csv"])
            #expect(sources.map(\.count) == [1, 10])
        }
    }

    @Test func aFailedImportLeavesThePreviousEntries() async throws {
        try await KnowledgeDatabase.withStore { store, pool in
            let botID = try await KnowledgeDatabase.insertBot(pool)
            try await store.replace(botID: botID, entries: [KnowledgeEntry(question: "a?", answer: "A")], source: "faq.csv")
            // An empty answer violates the table's CHECK: the whole replacement rolls back.
            await #expect(throws: PostgresError.self) {
                try await store.replace(
                    botID: botID, entries: [KnowledgeEntry(question: "b?", answer: "B"), KnowledgeEntry(question: "c?", answer: "")],
                    source: "faq.csv")
            }
            #expect(try await store.entries(botID: botID).map(\.question) == ["a?"])
        }
    }

    @Test func aBadFileReportsTheLine() throws {
        let bad = """
        question,answer
        退货运费谁承担？,质量问题退货运费由我们承担。
        this line has no answer
        """
        let badPath = try Self.writeTemporary(bad, name: "bad.csv")
        do throws(KnowledgeFileError) {
            _ = try KnowledgeFile.load(path: badPath, format: nil)
            Issue.record("a row without an answer must fail")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("bad.csv: line 3:"))
        }
        let jsonl = "{\"question\": \"q\", \"answer\": \"a\"}\n{not json}\n"
        let jsonlPath = try Self.writeTemporary(jsonl, name: "faq.jsonl")
        do throws(KnowledgeFileError) {
            _ = try KnowledgeFile.load(path: jsonlPath, format: nil)
            Issue.record("a bad JSON line must fail")
        } catch {
            #expect(error.line == 2)
        }
        #expect(throws: KnowledgeFileError.unknownFormat("faq.txt")) {
            try KnowledgeFile.load(path: "/nonexistent/faq.txt", format: nil)
        }
    }
}
