import Testing

@testable import aics_bench

@Suite struct LimitedProviderFiguresTests {
    let spec = LimitedProviderSpec(partitions: 4, maxInFlight: 100, cappedMessages: 6, cappedConversations: 2,
                                   otherRate: 40, otherMessages: 4, otherConversations: 4)

    /// A load whose message `i` was produced at `produced[i]` and answered (kind `answer`) at `answered[i]`, in that order.
    private func load(_ tag: String, produced: [Double], answered: [Double?], conversations: Int, kind: String = "answer") -> LimitedProviderFigures.Load {
        let plan = LoadPlan(tag: tag, messages: produced.count, conversations: conversations)
        var book = OutcomeBook(plan: plan)
        let order = answered.indices.filter { answered[$0] != nil }.sorted { answered[$0]! < answered[$1]! }
        for index in order {
            book.record(inReplyTo: [plan.messageID(index)], identity: .init(outputID: "\(tag)-r\(index)", text: "a"), kind: kind, at: answered[index]!)
        }
        return .init(name: tag, book: book, produced: produced, ledgerOutcomes: produced.count)
    }

    private func figures(capped: LimitedProviderFigures.Load, alone: LimitedProviderFigures.Load, beside: LimitedProviderFigures.Load,
                         maxObservedActive: Int = 10, withTargets: Bool = true) -> LimitedProviderResult {
        LimitedProviderFigures(
            spec: spec, capped: capped, alone: alone, beside: beside, tooManyRequests: 7, tooManyRequestsTotal: 7,
            maxObservedActive: maxObservedActive, admission: [], cpuShareAlone: nil, cpuShareBeside: nil,
            exitStatuses: [0], earlierFailures: [], withTargets: withTargets).result()
    }

    @Test func capIsConcurrencyOverDelay() {
        #expect(spec.capThroughput == 20)
        #expect(LimitedProviderSpec.otherMessages(rate: 40, cappedMessages: 600, capThroughput: 20) == 960)
        #expect(LimitedProviderSpec.otherMessages(rate: 1, cappedMessages: 10, capThroughput: 20) == 20)
    }

    @Test func steadyThroughputSkipsTheFirstAndLastTenth() {
        // 100 answers 0.05 s apart (20/s), the 10th at 0.45 s and the 90th at 4.45 s; a slow tail does not count.
        var arrivals = (0..<100).map { Double($0) * 0.05 }
        arrivals[99] = 60
        #expect(abs(LimitedProviderFigures.steadyThroughput(arrivals) - 20) < 1e-9)
        #expect(LimitedProviderFigures.steadyThroughput([1, 2, 3]) == 1)
        #expect(LimitedProviderFigures.steadyThroughput([1]) == 0)
    }

    @Test func figuresCompareTheOtherTenantBesideWithAlone() {
        let capped = load("capped", produced: Array(repeating: 10, count: 6), answered: [10.5, 10.5, 11, 11, 11.5, 11.5], conversations: 2)
        let alone = load("alone", produced: [0, 1, 2, 3], answered: [0.05, 1.05, 2.05, 3.1], conversations: 4)
        let beside = load("beside", produced: [10, 11, 12, 13], answered: [10.05, 11.06, 12.05, 13.11], conversations: 4)
        let result = figures(capped: capped, alone: alone, beside: beside)
        #expect(result.passed, "\(result.checks.failures)")
        #expect(abs(result.otherAloneMilliseconds.p99 - 100) < 1e-6)
        #expect(abs(result.otherBesideMilliseconds.p99 - 110) < 1e-6)
        #expect(abs(result.otherP99Ratio! - 1.1) < 1e-6)
        // Six answers: all of them between the first and the last arrival, 5 in 1 s.
        #expect(abs(result.cappedThroughput - 5) < 1e-9 && abs(result.cappedShareOfCap - 0.25) < 1e-9)
        #expect(abs(result.cappedOverallThroughput - 4) < 1e-9 && abs(result.cappedElapsedSeconds - 1.5) < 1e-9)
        #expect(result.targets.map(\.met) == [false, true])
        #expect(figures(capped: capped, alone: alone, beside: beside, withTargets: false).targets.isEmpty)
    }

    @Test func aMissingAnswerAFallbackOrTooManyActiveRequestsFail() {
        let alone = load("alone", produced: [0, 1], answered: [0.05, 1.05], conversations: 2)
        let beside = load("beside", produced: [5, 6], answered: [5.05, nil], conversations: 2)
        let fallback = load("capped", produced: [5, 5], answered: [5.5, 6], conversations: 1, kind: "fallback")
        let result = figures(capped: fallback, alone: alone, beside: beside, maxObservedActive: 11)
        #expect(!result.passed)
        #expect(result.checks.withoutOutput == 1)
        let failures = result.checks.failures.joined(separator: "\n")
        #expect(failures.contains("beside: 1 messages without an output"))
        #expect(failures.contains("outputs other than answers") && failures.contains("fallback 2"))
        #expect(failures.contains("11 requests in progress at once"))
    }

    @Test func outOfOrderAnswersFail() {
        let alone = load("alone", produced: [0], answered: [0.05], conversations: 1)
        // Message 2 of the capped tenant's conversation 0 answered before its message 0.
        let capped = load("capped", produced: [5, 5, 5, 5], answered: [6, 5.5, 5.6, 5.7], conversations: 2)
        let result = figures(capped: capped, alone: alone, beside: alone)
        #expect(result.checks.orderViolations == 1)
        #expect(!result.passed)
    }

    @Test func theLimitIsShownAsItChanged() {
        #expect(LimitedProviderTable.steps([4000, 4000, 10, 10, 11, 10]) == [4000, 10, 11, 10])
        #expect(LimitedProviderTable.steps([5, 6, 7, 8], limit: 2) == [7, 8])
        #expect(LimitedProviderTable.steps([]).isEmpty)
    }
}
