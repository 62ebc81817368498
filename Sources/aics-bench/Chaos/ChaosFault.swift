/// The faults a chaos run can inject (`--faults`).
enum ChaosFault: String, Sendable, Codable, CaseIterable {
    /// SIGKILL of a random worker, restarted at once (every --kill-every seconds).
    case kill
    /// SIGTERM of a random worker: it drains, commits and leaves; then restarted.
    case drain
    /// A random broker down for a few seconds, then up.
    case brokerDown = "broker-down"
    /// Produce, fetch, commit, heartbeat, join and metadata requests fail with retriable errors.
    case requestErrors = "request-errors"
    /// The leader of every partition moves to another broker.
    case leaderMoves = "leader-moves"
    /// A random broker answers every request 500 ms late for a few seconds.
    case slowBroker = "slow-broker"
    /// Postgres restarts (`<pg-ctl> restart -m fast`): every connection drops.
    case postgresRestart = "postgres-restart"
    /// Every failure the Dify and OpenAI fakes can produce, a few requests each.
    case providerFaults = "provider-faults"
}

/// One injected fault: what, when (seconds since the run's epoch) and for how long.
struct FaultEvent: Sendable, Codable {
    var kind: ChaosFault
    var detail: String
    var start: Double
    var end: Double
    var recovery: RecoveryTimes.Recovery?
    /// Something the fault revealed beyond the checks, e.g. a drained worker that did not exit 0.
    var problem: String?
}

/// When each fault happens: kills every `killEvery` seconds over the load phase; the other
/// faults `rounds` times each, spread evenly over it and half a kill interval off the kills.
struct FaultSchedule: Equatable {
    struct Entry: Equatable {
        var at: Double
        var fault: ChaosFault
    }

    static func make(faults: Set<ChaosFault>, loadSeconds: Double, killEvery: Double, rounds: Int) -> [Entry] {
        var entries: [Entry] = []
        if faults.contains(.kill), killEvery > 0 {
            var time = killEvery
            while time < loadSeconds {
                entries.append(Entry(at: time, fault: .kill))
                time += killEvery
            }
        }
        let others = ChaosFault.allCases.filter { $0 != .kill && faults.contains($0) }
        let slots = others.count * max(rounds, 1)
        if slots > 0 {
            let spacing = loadSeconds / Double(slots + 1)
            for slot in 0..<slots {
                let at = spacing * Double(slot + 1) + (faults.contains(.kill) ? killEvery / 2 : 0)
                entries.append(Entry(at: min(at, loadSeconds), fault: others[slot % others.count]))
            }
        }
        return entries.sorted { $0.at < $1.at }
    }
}
