import Providers
import Testing

@Suite("Local knowledge index")
struct KnowledgeIndexTests {
    static let threshold = 0.3
    /// The sample FAQ, imported from its CSV file like `aics kb import` would.
    static let index = KnowledgeIndex(entries: (try? CSVKnowledgeImporter.entries(from: SampleFAQ.csv)) ?? [])

    @Test func tokensMixScripts() {
        #expect(KnowledgeTokenizer.tokens("iPhone 退款多久？") == ["iphone", "退", "款", "多", "久", "退款", "款多", "多久"])
        #expect(KnowledgeTokenizer.tokens("How do I reset my Password?") == ["reset", "password"])
        #expect(KnowledgeTokenizer.tokens("shipped shipping ships refunds") == ["ship", "ship", "ship", "refund"])
    }

    @Test(arguments: [
        ("How long do I have to ask for a refund?", "refunds"),
        ("refund window", "refunds"),
        ("my item arrived damaged, can I get my money back", "refunds"),
        ("When will my package be shipped? How long is shipping?", "shipping"),
        ("what time do your stores open on sunday", "opening-hours"),
        ("I want to talk to a human", "handoff"),
        ("forgot my password", "account"),
        ("退款多久能到账", "退款"),
        ("我想申请退款", "退款"),
        ("什么时候发货？", "发货"),
        ("你们几点营业", "营业时间"),
        ("转人工", "转人工"),
        ("能开发票吗", "发票"),
    ])
    func answersChineseAndEnglishQuestions(question: String, tag: String) throws {
        let best = Self.index.bestAnswer(question, threshold: Self.threshold)
        let match = try #require(best, "no answer for \(question)")
        #expect(match.entry.tags.first == tag, "\(question) → \(match.entry.question) (\(match.score))")
        #expect(match.score > 0 && match.score <= 1)
    }

    @Test(arguments: [
        "What is the capital of France?",
        "quantum chromodynamics on a lattice",
        "今天天气怎么样？",
        "推荐一部好看的电影",
        "",
        "???",
    ])
    func offTopicQuestionsGetNoAnswer(question: String) {
        let match = Self.index.bestAnswer(question, threshold: Self.threshold)
        let answered = match != nil
        #expect(!answered, "\(question) → \(match?.entry.question ?? "") (\(match?.score ?? 0))")
    }

    @Test func anExactQuestionScoresHighest() throws {
        let entry = SampleFAQ.entries[4]
        let matches = Self.index.search(entry.question, limit: 3)
        #expect(matches.first?.entry == entry)
        #expect((matches.first?.score ?? 0) >= 0.9)
        #expect(matches.map(\.score) == matches.map(\.score).sorted(by: >))
    }

    @Test func searchRespectsLimitAndThreshold() {
        #expect(Self.index.search("refund shipping hours", limit: 2).count == 2)
        #expect(Self.index.search("refund", limit: 10, minimumScore: 1.01).isEmpty)
        #expect(KnowledgeIndex(entries: []).search("refund").isEmpty)
    }
}
