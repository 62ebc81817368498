/// How far a fake's indexing of one synced document has come: it finishes after a number of
/// status polls and a minimum time, then ends as completed or, when told to, failed.
struct IndexingProgress: Sendable {
    /// Polls (status reads) before indexing can finish, and the least time it takes.
    var pollsNeeded: Int
    var timeNeeded: Duration
    var started = ContinuousClock.now
    var polls = 0
    /// Set when this document's indexing is to end in an error with this message.
    var failure: String?

    enum Phase: Equatable { case running(stage: Int), completed, failed(String) }

    /// The phase now, after counting one more poll when `poll` is set.
    mutating func phase(poll: Bool) -> Phase {
        if poll { polls += 1 }
        let done = polls >= pollsNeeded && ContinuousClock.now - started >= timeNeeded
        if done { return failure.map { .failed($0) } ?? .completed }
        let share = pollsNeeded == 0 ? 0 : polls * 4 / max(1, pollsNeeded)
        return .running(stage: min(share, 4))
    }

    /// The phase without counting a poll (listings, answers).
    func peek() -> Phase {
        var copy = self
        return copy.phase(poll: false)
    }
}
