@testable import Fakes
import Testing

@Suite("Fake support: latency, failure queue, overlap search")
struct FakeSupportTests {
    @Test func latencyDistributionsStayInRange() {
        #expect(LatencyDistribution.none.sample() == .zero)
        #expect(LatencyDistribution.fixed(.milliseconds(30)).sample() == .milliseconds(30))
        for _ in 0..<200 {
            let uniform = LatencyDistribution.uniform(.milliseconds(10), .milliseconds(20)).sample()
            #expect(uniform >= .milliseconds(10) && uniform <= .milliseconds(20))
            #expect(LatencyDistribution.logNormal(median: .milliseconds(100), sigma: 0.5).sample() > .zero)
        }
        // Half the draws of a log-normal fall below its median.
        let below = (0..<2000).filter { _ in LatencyDistribution.logNormal(median: .milliseconds(100), sigma: 0.5).sample() < .milliseconds(100) }.count
        #expect((800...1200).contains(below))
    }

    @Test func failureQueueConsumesInOrderPerEndpoint() {
        var queue = FailureQueue<DifyFailure, DifyFake.Endpoint>()
        queue.inject(.tooManyRequests, times: 2, endpoint: .chat)
        queue.inject(.knowledgeRateLimit, times: 1, endpoint: .retrieve)
        queue.inject(.internalServerError, times: 1, endpoint: nil)
        #expect(queue.pending == 4)
        #expect(queue.next(for: .retrieve) == .knowledgeRateLimit)
        #expect(queue.next(for: .chat) == .tooManyRequests)
        #expect(queue.next(for: .chat) == .tooManyRequests)
        #expect(queue.next(for: .info) == .internalServerError)
        #expect(queue.next(for: .chat) == nil)
        queue.inject(.hang, times: 0, endpoint: nil)
        #expect(queue.pending == 0)
    }

    @Test func overlapSearchIsDeterministic() {
        let hits = FakeKnowledgeBase.sample.search("怎么申请退款", limit: 2)
        #expect(hits.first?.document.question == "怎么申请退款？")
        #expect(hits == FakeKnowledgeBase.sample.search("怎么申请退款", limit: 2))
        #expect(FakeKnowledgeBase.sample.search("zebra giraffe").isEmpty)
        #expect(FakeIdentifiers.stableUUID("a") == FakeIdentifiers.stableUUID("a"))
        #expect(FakeIdentifiers.isUUID(FakeIdentifiers.stableUUID("a")))
    }
}
