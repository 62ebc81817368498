/// Whether a fake is still running, so that requests told to hang end when the fake stops.
final class FakeLifecycle: Sendable {
    private let stopped = Locked(false)

    func stop() { stopped.withLock { $0 = true } }

    var isStopped: Bool { stopped.withLock { $0 } }

    /// Waits for `duration`, returning early when the fake stops or the request is cancelled.
    func wait(_ duration: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while !isStopped, !Task.isCancelled, clock.now < deadline {
            let left = clock.now.duration(to: deadline)
            try? await Task.sleep(for: min(left, .milliseconds(20)))
        }
    }

    /// Never answers: waits until the fake stops (the client's timeout is what ends the request).
    func hang() async {
        await wait(.seconds(86_400))
    }
}
