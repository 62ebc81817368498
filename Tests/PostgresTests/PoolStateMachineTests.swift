@testable import Postgres
import Testing

/// The pool's bookkeeping without connections: strings stand for connections and waiters.
@Suite struct PoolStateMachineTests {
    typealias Machine = PoolStateMachine<String, String>

    @Test func opensUpToCapacityThenQueuesWaitersInOrder() {
        var machine = Machine(capacity: 2)
        guard case .open = machine.acquire(id: 1, waiter: "a") else { Issue.record("expected open"); return }
        guard case .open = machine.acquire(id: 2, waiter: "b") else { Issue.record("expected open"); return }
        guard case .wait = machine.acquire(id: 3, waiter: "c") else { Issue.record("expected wait"); return }
        guard case .wait = machine.acquire(id: 4, waiter: "d") else { Issue.record("expected wait"); return }
        guard case .give("conn1", to: "c") = machine.release("conn1") else { Issue.record("expected hand-over to c"); return }
        guard case .give("conn2", to: "d") = machine.release("conn2") else { Issue.record("expected hand-over to d"); return }
        guard case .none = machine.release("conn1") else { Issue.record("expected idle"); return }
        guard case .use("conn1") = machine.acquire(id: 5, waiter: "e") else { Issue.record("expected reuse"); return }
        #expect(machine.open == 2)
    }

    @Test func aFreedSlotLetsTheFirstWaiterOpen() {
        var machine = Machine(capacity: 1)
        _ = machine.acquire(id: 1, waiter: "a")
        _ = machine.acquire(id: 2, waiter: "b")
        guard case .letOpen("b") = machine.slotFreed() else { Issue.record("expected b to open"); return }
        #expect(machine.open == 1)
        guard case .none = machine.slotFreed() else { Issue.record("expected nothing"); return }
        #expect(machine.open == 0)
    }

    @Test func cancelledWaitersLeaveTheQueue() {
        var machine = Machine(capacity: 1)
        _ = machine.acquire(id: 1, waiter: "a")
        _ = machine.acquire(id: 2, waiter: "b")
        _ = machine.acquire(id: 3, waiter: "c")
        #expect(machine.cancelWaiting(id: 2) == "b")
        #expect(machine.cancelWaiting(id: 2) == nil)
        guard case .give("x", to: "c") = machine.release("x") else { Issue.record("expected c"); return }
    }

    @Test func shutdownClosesIdleFailsWaitersAndClosesReturns() {
        var machine = Machine(capacity: 2)
        _ = machine.acquire(id: 1, waiter: "a")
        _ = machine.acquire(id: 2, waiter: "b")
        _ = machine.release("idle")
        _ = machine.acquire(id: 3, waiter: "c") // takes "idle"
        _ = machine.acquire(id: 4, waiter: "d") // waits
        let (close, fail) = machine.shutdown()
        #expect(close.isEmpty)
        #expect(fail == ["d"])
        guard case .close("idle") = machine.release("idle") else { Issue.record("expected close"); return }
        guard case .fail = machine.acquire(id: 5, waiter: "e") else { Issue.record("expected fail"); return }
    }
}
