/// Lets only a few end-to-end worker tests run at once: each starts a Kafka cluster, a worker and
/// thousands of messages, and the whole test run shares two cores with every other suite.
actor TestGate {
    static let shared = TestGate(permits: 2)

    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) {
        self.permits = permits
    }

    func acquire() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            permits += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
