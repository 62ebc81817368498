import Foundation
import Kafka
@testable import Pipeline
import Testing

@Suite("WorkerState: scheduling, commit positions and revocation without I/O")
struct WorkerStateTests {
    func record(_ partition: Int32, _ offset: Int64) -> KafkaMessage {
        KafkaMessage(topic: "cs.inbound", partition: partition, offset: offset, key: nil, value: [], headers: [], timestamp: nil)
    }

    func message(_ conversation: String) -> Result<InboundMessage, InboundRejection> {
        .success(InboundMessage(messageID: UUID().uuidString, tenantID: "t", accountID: "a", channel: "web", conversationID: conversation,
                                customer: .init(id: "c"), text: "hi", sentAt: "2026-11-25T00:00:00Z"))
    }

    let partition = KafkaTopicPartition(topic: "cs.inbound", partition: 0)

    @Test("one job per conversation; the commit position waits for the lowest unfinished offset")
    func ordering() throws {
        var state = WorkerState(maxInFlight: 10)
        state.assign([partition])
        let a0Taken = state.take(record(0, 0), decoded: message("a"))
        let a0 = try #require(a0Taken)
        let waiting = state.take(record(0, 1), decoded: message("a"))
        #expect(waiting == nil)
        let b2Taken = state.take(record(0, 2), decoded: message("b"))
        let b2 = try #require(b2Taken)
        #expect(state.scheduler.load == 3)
        // b finishes first: nothing to commit while offset 0 runs.
        let afterB = state.end(b2, done: true)
        #expect(afterB == nil)
        #expect(state.takeCommits(nil).isEmpty)
        let a1Taken = state.end(a0, done: true)
        let a1 = try #require(a1Taken)
        #expect(a1.record.offset == 1)
        #expect(state.takeCommits() == [partition: 1])
        let afterA = state.end(a1, done: true)
        #expect(afterA == nil)
        #expect(state.takeCommits() == [partition: 3])
        #expect(state.scheduler.load == 0)
    }

    @Test("a job that did not finish holds the position; a job from before a revocation marks nothing")
    func revocation() throws {
        var state = WorkerState(maxInFlight: 10)
        state.assign([partition])
        let oldTaken = state.take(record(0, 5), decoded: message("a"))
        let old = try #require(oldTaken)
        let behind = state.take(record(0, 6), decoded: message("a"))
        #expect(behind == nil)
        state.revoke([partition])
        #expect(state.scheduler.waiting == 0)
        #expect(state.runningCount(in: [partition]) == 1)
        state.forget([partition])
        state.assign([partition])
        let freshTaken = state.take(record(0, 5), decoded: message("b"))
        let fresh = try #require(freshTaken)
        // The abandoned job ends after the partition came back: its epoch is stale.
        let afterOld = state.end(old, done: true)
        #expect(afterOld == nil)
        #expect(state.takeCommits(nil).isEmpty)
        _ = state.end(fresh, done: false)
        #expect(state.takeCommits(nil).isEmpty)
    }

    @Test("dead-letter jobs never wait behind each other")
    func deadLetters() {
        var state = WorkerState(maxInFlight: 10)
        let rejection = InboundRejection(.notJSON, "x")
        let first = state.take(record(0, 0), decoded: .failure(rejection))
        let second = state.take(record(0, 1), decoded: .failure(rejection))
        #expect(first != nil && second != nil)
    }

    @Test("messages waiting for their history row beyond one limit's worth pause intake until rows are written")
    func deferredBounded() throws {
        var state = WorkerState(maxInFlight: 4)
        state.assign([partition])
        var jobs: [WorkerJob] = []
        // Three rounds of four (at most four run at once): answered and published, history rows
        // queued, so the jobs end without an outcome yet.
        for round in 0..<3 {
            var started: [WorkerJob] = []
            for offset in (round * 4)..<(round * 4 + 4) {
                let taken = state.take(record(0, Int64(offset)), decoded: message("c\(offset)"))
                started.append(try #require(taken))
            }
            for job in started {
                state.deferred += 1
                #expect(state.end(job, done: false) == nil)
            }
            jobs += started
        }
        #expect(state.scheduler.load == 0)
        // Twelve rows waiting, eight beyond one limit's worth: nothing else held, yet the gate
        // (twice the limit: eight) sees a full worker.
        #expect(state.gateLoad == 8)
        #expect(state.gate.update(load: state.gateLoad) == .pause)
        #expect(state.takeCommits().isEmpty)
        // The history writer wrote nine rows.
        for job in jobs.prefix(9) {
            state.markFinished(job)
            state.deferred -= 1
        }
        #expect(state.gateLoad == 0)
        #expect(state.gate.update(load: state.gateLoad) == .resume)
        #expect(state.takeCommits() == [partition: 9])
    }
}
