/// Scripted failures of a fake, consumed one per matching request in the order they were injected.
///
/// `Failure` is the provider's failure type, `Endpoint` names the routes a failure applies to.
struct FailureQueue<Failure: Sendable, Endpoint: Sendable & Equatable>: Sendable {
    private struct Scripted: Sendable {
        var failure: Failure
        var remaining: Int
        var endpoint: Endpoint?
    }

    private var queue: [Scripted] = []

    /// Adds `failure` for the next `times` requests to `endpoint` (any endpoint when nil).
    mutating func inject(_ failure: Failure, times: Int, endpoint: Endpoint?) {
        guard times > 0 else { return }
        queue.append(Scripted(failure: failure, remaining: times, endpoint: endpoint))
    }

    /// The failure for one request to `endpoint`, if one is scripted; uses it up.
    mutating func next(for endpoint: Endpoint) -> Failure? {
        guard let index = queue.firstIndex(where: { $0.endpoint == nil || $0.endpoint == endpoint }) else {
            return nil
        }
        let failure = queue[index].failure
        queue[index].remaining -= 1
        if queue[index].remaining == 0 { queue.remove(at: index) }
        return failure
    }

    /// Failures not used yet, counting repetitions.
    var pending: Int { queue.reduce(0) { $0 + $1.remaining } }

    mutating func removeAll() { queue.removeAll() }
}
