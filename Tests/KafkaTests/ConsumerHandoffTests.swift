@testable import Kafka
import Testing

/// The poll-thread/reader hand-over as a value, without librdkafka.
@Suite struct ConsumerHandoffTests {
    typealias Handoff = ConsumerHandoff<String, Int>

    @Test func readyBatchesGoOutInOrderAndAreBounded() {
        var handoff = Handoff(depth: 2)
        #expect(isQueued(handoff.deliver("b1", isEmpty: false)))
        #expect(isQueued(handoff.deliver("b2", isEmpty: false)))
        // A third batch must wait for the reader.
        #expect(isWaitForRoom(handoff.deliver("b3", isEmpty: false)))
        #expect(handoff.takeReady() == "b1")
        #expect(isQueued(handoff.deliver("b3", isEmpty: false)))
        #expect(handoff.takeReady() == "b2")
        #expect(handoff.takeReady() == "b3")
        #expect(handoff.takeReady() == nil)
    }

    @Test func aWaitingReaderGetsTheNextBatchDirectly() {
        var handoff = Handoff(depth: 2)
        guard case .wait = handoff.readerAsks(7, isCancelled: false) else { Issue.record("reader should wait"); return }
        #expect(handoff.readerCaughtUp)
        guard case .resume(let reader, let batch) = handoff.deliver("b1", isEmpty: false) else { Issue.record("should resume"); return }
        #expect(reader == 7 && batch == "b1")
        #expect(!handoff.readerCaughtUp)
    }

    @Test func anEmptyBatchOnlyAnswersAWaitingReader() {
        var handoff = Handoff(depth: 2)
        guard case .none = handoff.deliver("", isEmpty: true) else { Issue.record("nobody waits"); return }
        _ = handoff.readerAsks(1, isCancelled: false)
        guard case .resume(1, "") = handoff.deliver("", isEmpty: true) else { Issue.record("should answer the reader"); return }
    }

    @Test func aCancelledReaderDoesNotWait() {
        var handoff = Handoff(depth: 2)
        guard case .cancelled = handoff.readerAsks(1, isCancelled: true) else { Issue.record("should not wait"); return }
        #expect(!handoff.hasWaitingReader)
        // A ready batch still goes out to a cancelled reader (nothing is lost).
        _ = handoff.deliver("b1", isEmpty: false)
        guard case .take("b1") = handoff.readerAsks(1, isCancelled: true) else { Issue.record("should take"); return }
    }

    @Test func closingEndsTheReaderAndDiscardsWhatWasNotTaken() {
        var handoff = Handoff(depth: 2)
        _ = handoff.deliver("b1", isEmpty: false)
        let ended = handoff.close()
        #expect(ended.endReader == nil)
        #expect(ended.discarded == ["b1"])
        guard case .end = handoff.readerAsks(2, isCancelled: false) else { Issue.record("should end"); return }
        guard case .discard(nil) = handoff.deliver("b2", isEmpty: false) else { Issue.record("should discard"); return }
        #expect(handoff.takeReady() == nil)
    }

    @Test func closingEndsAWaitingReader() {
        var handoff = Handoff(depth: 2)
        _ = handoff.readerAsks(3, isCancelled: false)
        #expect(handoff.close().endReader == 3)
    }

    private func isQueued(_ action: Handoff.DeliverAction) -> Bool {
        if case .queued = action { return true }
        return false
    }

    private func isWaitForRoom(_ action: Handoff.DeliverAction) -> Bool {
        if case .waitForRoom = action { return true }
        return false
    }
}
