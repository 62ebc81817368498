import Postgres

/// Plays the scenario round by round: sends each round's customer messages to cs.inbound and
/// waits until every one of them has an outcome before the customers write again.
struct DemoPlay {
    let scenario: DemoScenario
    let inbound: DemoInbound
    let observer: DemoObserver
    let pool: PostgresPool
    let printer: DemoPrinter
    /// For all rounds together.
    let timeout: Duration

    /// The outcome of every message of the scenario, by message id.
    /// - Throws: `ConfigurationError` naming the messages without an outcome after the timeout.
    func play() async throws -> [String: DemoOutcome] {
        let deadline = ContinuousClock.now + timeout
        var outcomes: [String: DemoOutcome] = [:]
        for (index, round) in scenario.rounds.enumerated() {
            let started = ContinuousClock.now
            try await inbound.send(round.map(\.message))
            let ids = round.map(\.message.messageID)
            while true {
                let found = try await observer.outcomes(of: ids, tenantID: scenario.tenantID, pool: pool)
                if found.count == ids.count {
                    outcomes.merge(found) { $1 }
                    break
                }
                guard ContinuousClock.now < deadline else {
                    let missing = round.filter { found[$0.message.messageID] == nil }
                        .map { "  \($0.message.messageID) (\($0.conversation.id): \($0.message.content.text))" }
                    throw ConfigurationError("""
                        no outcome within \(timeout) for \(missing.count) of the \(round.count) messages of round \(index + 1):
                        \(missing.joined(separator: "\n"))
                        Run again with --log-level info to see what the worker does, or with a longer --timeout.
                        """)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            printer.note("round \(index + 1): \(round.count) customer messages sent, \(round.count) outcomes back after \(milliseconds) ms")
        }
        return outcomes
    }
}
