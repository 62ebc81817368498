/// Whether a fake is still running, so that requests told to hang end when the fake stops.
final class FakeLifecycle: Sendable {
    private let stopped = Locked(false)

    func stop() { stopped.withLock { $0 = true } }

    var isStopped: Bool { stopped.withLock { $0 } }

    /// Waits for `duration`, returning early when the request is cancelled, and within a second
    /// when the fake stops. A provider-like delay of a second or less is one timer: benchmarks
    /// hold thousands of such requests at once, and waking each every few milliseconds cost the
    /// benchmark process more CPU than the worker it measures.
    func wait(_ duration: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while !isStopped, !Task.isCancelled, clock.now < deadline {
            let left = clock.now.duration(to: deadline)
            try? await Task.sleep(for: min(left, .seconds(1)))
        }
    }

    /// Never answers: waits until the fake stops (the client's timeout is what ends the request).
    func hang() async {
        await wait(.seconds(86_400))
    }
}
