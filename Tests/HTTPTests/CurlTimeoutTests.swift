@testable import HTTP
import Testing

private let millisecond: UInt64 = 1_000_000

@Test func withoutATimerTheLoopSleepsTheIdleWait() {
    let timeout = CurlTimeout()
    #expect(timeout.waitMilliseconds(now: 5 * millisecond) == CurlTimeout.idleWaitMilliseconds)
}

@Test func zeroMillisecondsIsDueAtOnce() {
    var timeout = CurlTimeout()
    timeout.set(milliseconds: 0, now: 7 * millisecond)
    #expect(timeout.waitMilliseconds(now: 7 * millisecond) == 0)
    let due = timeout.takeIfDue(now: 7 * millisecond)
    let dueAgain = timeout.takeIfDue(now: 8 * millisecond)
    #expect(due && !dueAgain)
    #expect(timeout.waitMilliseconds(now: 8 * millisecond) == CurlTimeout.idleWaitMilliseconds)
}

@Test func waitRoundsUpAndIsNotDueEarly() {
    var timeout = CurlTimeout()
    timeout.set(milliseconds: 10, now: 0)
    // 9.5 ms before the deadline: sleep 10, not 9, so that the loop wakes after it, not before.
    #expect(timeout.waitMilliseconds(now: millisecond / 2) == 10)
    let early = timeout.takeIfDue(now: 9 * millisecond)
    #expect(!early)
    #expect(timeout.waitMilliseconds(now: 10 * millisecond - 1) == 1)
    let onTime = timeout.takeIfDue(now: 10 * millisecond)
    #expect(onTime)
}

@Test func longTimersAreCappedAndMinusOneRemovesTheTimer() {
    var timeout = CurlTimeout()
    timeout.set(milliseconds: 60_000, now: 0)
    #expect(timeout.waitMilliseconds(now: 0) == CurlTimeout.idleWaitMilliseconds)
    let early = timeout.takeIfDue(now: 59_999 * millisecond)
    timeout.set(milliseconds: -1, now: 0)
    let afterRemoval = timeout.takeIfDue(now: 100_000 * millisecond)
    #expect(!early && !afterRemoval)
}
