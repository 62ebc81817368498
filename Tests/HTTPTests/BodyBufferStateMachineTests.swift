@testable import HTTP
import Testing

@Test func chunkGoesStraightToAWaitingConsumer() {
    var machine = BodyBufferStateMachine<Int>(highWater: 10)
    guard case .wait(resume: false) = machine.next(waiter: 1) else { Issue.record("expected wait"); return }
    guard case .deliver(1, [7]) = machine.receive([7]) else { Issue.record("expected delivery"); return }
    #expect(machine.bufferedBytes == 0)
}

@Test func bufferPausesAtHighWaterAndResumesAtHalf() {
    var machine = BodyBufferStateMachine<Int>(highWater: 10)
    for _ in 0..<5 {
        guard case .buffered = machine.receive([1, 2]) else { Issue.record("expected buffered"); return }
    }
    guard case .pause = machine.receive([3]) else { Issue.record("expected pause"); return }
    #expect(machine.isPaused)
    #expect(machine.bufferedBytes == 10)
    // 10 -> 8 -> 6: still above half.
    for _ in 0..<2 {
        guard case .chunk([1, 2], resume: false) = machine.next(waiter: 0) else { Issue.record("expected chunk"); return }
    }
    guard case .chunk([1, 2], resume: true) = machine.next(waiter: 0) else { Issue.record("expected resume"); return }
    #expect(!machine.isPaused)
}

@Test func emptyBufferTakesAChunkLargerThanHighWater() {
    var machine = BodyBufferStateMachine<Int>(highWater: 4)
    guard case .buffered = machine.receive(Array(repeating: 0, count: 100)) else { Issue.record("expected buffered"); return }
    guard case .pause = machine.receive([1]) else { Issue.record("expected pause"); return }
    guard case .chunk(let chunk, resume: true) = machine.next(waiter: 0) else { Issue.record("expected chunk"); return }
    #expect(chunk.count == 100)
}

@Test func bufferedChunksComeBeforeTheEnd() {
    var machine = BodyBufferStateMachine<Int>(highWater: 10)
    _ = machine.receive([1])
    guard case .none = machine.finish(.cancelled(url: "u")) else { Issue.record("nobody waits"); return }
    guard case .chunk([1], _) = machine.next(waiter: 0) else { Issue.record("expected chunk"); return }
    guard case .failed(.cancelled) = machine.next(waiter: 0) else { Issue.record("expected failure"); return }
}

@Test func finishWakesTheWaiterOnce() {
    var machine = BodyBufferStateMachine<Int>(highWater: 10)
    _ = machine.next(waiter: 5)
    guard case .resume(5, nil) = machine.finish(nil) else { Issue.record("expected resume"); return }
    guard case .none = machine.finish(.cancelled(url: "u")) else { Issue.record("second finish ignored"); return }
    guard case .finished = machine.next(waiter: 6) else { Issue.record("expected finished"); return }
}

@Test func waitingWhilePausedAsksToResume() {
    var machine = BodyBufferStateMachine<Int>(highWater: 2)
    _ = machine.receive([1, 2])
    guard case .pause = machine.receive([3]) else { Issue.record("expected pause"); return }
    guard case .chunk(_, resume: true) = machine.next(waiter: 0) else { Issue.record("expected resume"); return }
    guard case .wait(resume: false) = machine.next(waiter: 1) else { Issue.record("expected plain wait"); return }
}
