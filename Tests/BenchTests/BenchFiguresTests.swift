import Foundation
import Testing

@testable import aics_bench

@Suite struct BenchFiguresTests {
    @Test func cpuTicksAreCountedFromTheLastParenthesis() {
        let stat = "4242 (aics worker) S 1 4242 4242 0 -1 4194560 1000 0 0 0 150 25 0 0 20 0 12 0 100 0 0"
        #expect(ProcessSample.cpuTicks(stat: stat) == 175)
        #expect(ProcessSample.cpuTicks(stat: "garbage") == nil)
    }

    @Test func statusFieldsAreTabSeparated() {
        let status = "Name:\taics\nVmHWM:\t   51200 kB\nVmRSS:\t   40000 kB\n"
        #expect(ProcessSample.kilobytes(status: status, field: "VmHWM") == 51200)
        #expect(ProcessSample.kilobytes(status: status, field: "VmSwap") == nil)
    }

    @Test func thisProcessCanBeSampled() throws {
        let sample = try #require(ProcessSample.read(pid: getpid()))
        #expect(sample.peakResidentBytes > 0)
        #expect(sample.cpuSeconds >= 0)
    }

    @Test func percentilesUseTheNearestRank() {
        let percentiles = Percentiles((1...100).map(Double.init))
        #expect(percentiles.p50 == 50 && percentiles.p95 == 95 && percentiles.p99 == 99 && percentiles.max == 100)
        #expect(Percentiles([]).p99 == 0)
    }

    @Test func outputsAreDecodedAsRepliesOrSuggestions() throws {
        let reply = OutputCollector.decode(Array(#"{"reply_id":"r1","kind":"answer","in_reply_to":["m1"],"text":"hi"}"#.utf8))
        let decodedReply = try reply.get()
        #expect(decodedReply.inReplyTo == ["m1"] && decodedReply.identity.outputID == "r1" && decodedReply.kind == "answer")
        let suggestion = try OutputCollector.decode(Array(#"{"suggestion_id":"s1","status":"failed","in_reply_to":["m2"],"text":""}"#.utf8)).get()
        #expect(suggestion.kind == "suggestion-failed")
        #expect((try? OutputCollector.decode(Array("nope".utf8)).get()) == nil)
    }

    @Test func littleLimitCountsOnePerPartitionInSerialMode() {
        var spec = ScenarioSpec(key: "k", title: "t", workers: 1, maxInFlight: 4000, providerDelay: .seconds(1),
                                messages: 1, conversations: 1, offeredRate: nil, partitions: 12)
        #expect(spec.littleLimit == 4000)
        spec.serialPartitions = true
        #expect(spec.littleLimit == 12)
        spec.providerDelay = .zero
        #expect(spec.littleLimit == nil)
    }

    @Test func chartAxesEndOnRoundNumbers() {
        #expect(SVGChart.niceCeiling(730) == 1000)
        #expect(SVGChart.niceCeiling(180) == 200)
        #expect(SVGChart.niceCeiling(0) == 1)
    }
}
