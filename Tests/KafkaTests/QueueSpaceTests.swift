@testable import Kafka
import Testing

/// The producer's wait-for-queue-space handshake, without librdkafka.
@Suite struct QueueSpaceTests {
    @Test func waiterThatMissedASignalReturnsAtOnce() async {
        let space = QueueSpace()
        let observed = space.currentEpoch
        space.signal()
        // Delivery reports were served after `observed` was read: no waiting.
        await space.wait(since: observed)
        #expect(space.currentEpoch == observed + 1)
    }

    @Test func waitersAreWokenBySignals() async throws {
        let space = QueueSpace()
        let observed = space.currentEpoch
        // The poll thread's role: signal whenever reports were served.
        let signaller = Task {
            while !Task.isCancelled {
                space.signal()
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        defer { signaller.cancel() }
        try await TestKafka.withDeadline(30, "ten waiters woken") {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { await space.wait(since: observed) } }
            }
        }
        #expect(space.currentEpoch > observed)
    }
}
