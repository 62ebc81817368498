/// Where the machine's CPU went during a scenario's measured window, as shares of all cores'
/// time (0...1, summing to 1): the worker processes, this benchmark process (load producer,
/// output collector, fake provider, embedded Kafka), the Postgres server, everything else, idle.
/// With `idle` near zero the machine, not the worker, was the limit.
struct CPUShare: Sendable, Codable, Equatable {
    var workers: Double
    var bench: Double
    /// nil when the Postgres server does not run on this machine (or was not found).
    var postgres: Double?
    var other: Double
    var idle: Double

    /// Writes `postgres` as null when unknown rather than leaving the key out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workers, forKey: .workers)
        try container.encode(bench, forKey: .bench)
        try container.encode(postgres, forKey: .postgres)
        try container.encode(other, forKey: .other)
        try container.encode(idle, forKey: .idle)
    }

    /// Shares from CPU seconds used over one interval by each part and the machine's busy and
    /// idle seconds over the same interval; nil when the machine's time did not advance.
    static func split(workers: Double, bench: Double, postgres: Double?, machineBusy: Double, machineIdle: Double) -> CPUShare? {
        let total = machineBusy + machineIdle
        guard total > 0 else { return nil }
        // Processes and /proc/stat are read at slightly different instants; keep the split sane.
        let other = max(0, machineBusy - workers - bench - (postgres ?? 0))
        return CPUShare(workers: workers / total, bench: bench / total, postgres: postgres.map { $0 / total },
                        other: other / total, idle: machineIdle / total)
    }

    /// `workers/bench/postgres/other/idle` in whole percent, e.g. `38/27/31/2/2`; Postgres `n/a` when unknown.
    var percentages: String {
        [workers, bench].map(Self.percent).joined(separator: "/") + "/" + (postgres.map(Self.percent) ?? "n/a") + "/"
            + [other, idle].map(Self.percent).joined(separator: "/")
    }

    private static func percent(_ share: Double) -> String { String(Int((share * 100).rounded())) }
}
