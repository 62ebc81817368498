import Foundation
import Providers
import Testing

@Suite("Local knowledge provider")
struct LocalKnowledgeProviderTests {
    /// A bot's knowledge file, imported like `aics kb import faq.md` would.
    static let markdown = """
    # 小店常见问题 / Shop FAQ

    ## 退货运费谁承担？
    质量问题退货运费由我们承担；非质量问题由买家承担。

    ## Can I pick up my order in store?
    Yes. Choose "Store pickup" at checkout; your order is ready within 2 hours.

    Q: 会员积分怎么用？
    A: 每 100 积分抵 1 元，结算时自动抵扣。
    """

    static func provider() throws -> LocalKnowledgeProvider {
        LocalKnowledgeProvider(entries: try MarkdownKnowledgeImporter.entries(from: markdown) + SampleFAQ.entries)
    }

    @Test func answersChineseAndEnglishFromAnImportedFile() async throws {
        let provider = try Self.provider()
        let chinese = try await provider.answer(ProviderQuestion(tenantID: "t", customerID: "c", messages: ["退货的运费是谁出？"]))
        #expect(chinese.text.hasPrefix("质量问题退货运费由我们承担"))
        #expect(chinese.sources.first?.title == "退货运费谁承担？")
        let english = try await provider.answer(ProviderQuestion(tenantID: "t", customerID: "c", messages: ["can I pick up the order in your store"]))
        #expect(english.text.contains("Store pickup"))
        #expect(english.memory == nil && english.usage == nil)
        let points = try await provider.answer(ProviderQuestion(tenantID: "t", customerID: "c", messages: ["积分怎么用"]))
        #expect(points.text.contains("100 积分"))
    }

    @Test func offTopicQuestionsAreNoAnswer() async throws {
        let provider = try Self.provider()
        for text in ["Who won the football world cup?", "帮我写一首诗"] {
            await #expect(throws: ProviderFailure.self) {
                _ = try await provider.answer(ProviderQuestion(tenantID: "t", customerID: "c", messages: [text]))
            }
        }
        do {
            _ = try provider.answerNow(ProviderQuestion(tenantID: "t", customerID: "c", messages: ["帮我写一首诗"]))
        } catch {
            #expect(error.kind == .noAnswer && !error.isRetryable)
        }
    }

    @Test func aBurstFallsBackToItsLastMessage() throws {
        let provider = try Self.provider()
        let answer = try provider.answerNow(ProviderQuestion(
            tenantID: "t", customerID: "c",
            messages: ["hello there, good morning to the whole team, hope you are all doing great today", "forgot my password"]))
        #expect(answer.text.contains("Forgot password"))
    }

    @Test func sourcesForPreviews() async throws {
        let sources = try await Self.provider().sources(for: "refund", limit: 2)
        #expect(sources.count == 2)
        #expect(sources.allSatisfy { ($0.score ?? 0) > 0 })
    }
}

/// Throughput of the local index over a few thousand entries. Opt-in, prints numbers, asserts
/// only correctness: `AICS_BENCH=1 swift test --filter KnowledgeIndexBenchmark`.
@Suite("KnowledgeIndexBenchmark", .enabled(if: ProcessInfo.processInfo.environment["AICS_BENCH"] != nil))
struct KnowledgeIndexBenchmark {
    @Test func questionsPerSecond() {
        // 5,000 entries: the sample FAQ plus synthetic ones with distinct product words.
        var entries = SampleFAQ.entries
        for number in 0..<(5_000 - entries.count) {
            entries.append(KnowledgeEntry(
                question: "What is the warranty of product model X\(number) and how do I register it?",
                answer: "Model X\(number) has a \(number % 5 + 1)-year warranty; register it on our site within 30 days.",
                tags: ["product"]))
        }
        let clock = ContinuousClock()
        var index: KnowledgeIndex?
        let build = clock.measure { index = KnowledgeIndex(entries: entries) }
        let questions = ["How long do I have to request a refund?", "退款多久能到账", "warranty for model X1234", "什么时候发货？", "capital of France"]
        var answered = 0
        let rounds = 400
        let elapsed = clock.measure {
            for round in 0..<rounds {
                for question in questions where index!.bestAnswer(question, threshold: 0.3) != nil { answered += round >= 0 ? 1 : 0 }
            }
        }
        let total = Double(rounds * questions.count)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("KnowledgeIndexBenchmark: \(entries.count) entries, index built in \(build); \(Int(total)) questions in \(elapsed) = \(Int(total / seconds)) questions/s")
        #expect(answered == rounds * 4)
    }
}
