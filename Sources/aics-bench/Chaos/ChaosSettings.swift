/// The sizes, faults and worker settings of one chaos run, resolved from the flags.
struct ChaosSettings: Sendable {
    var messages: Int
    var rate: Double
    var perConversation: Int
    var activeConversations: Int
    var workers: Int
    var killEvery: Double
    var faults: Set<ChaosFault>
    var rounds: Int
    var providerHang: Bool
    var pgCtl: String?
    var partitions: Int
    var maxInFlight: Int
    var providerDelay: Duration
    var staticMembership: Bool
    var assignmentStrategy: String?
    var sessionTimeoutMilliseconds: Int
    var settleTimeout: Duration
    var keepData: Bool

    var loadSeconds: Double { Double(messages) / rate }

    /// Worker flags beyond the launch options: consumer-group settings under study.
    func workerArguments(slot: Int) -> [String] {
        var arguments: [String] = []
        if staticMembership { arguments += ["--worker-id", "chaos-worker-\(slot + 1)"] }
        if let assignmentStrategy { arguments += ["--assignment-strategy", assignmentStrategy] }
        arguments += ["--session-timeout-ms", String(sessionTimeoutMilliseconds)]
        return arguments
    }

    var summary: String {
        let faultNames = ChaosFault.allCases.filter(faults.contains).map(\.rawValue).joined(separator: ", ")
        return """
            \(messages) messages at \(Int(rate))/s (\(Int(loadSeconds)) s), \(perConversation) per conversation, \(workers) workers \
            (max-in-flight \(maxInFlight)), \(partitions) partitions on 3 brokers; faults: \(faultNames); \
            kill every \(killEvery) s, other faults \(rounds)x; consumer: \(staticMembership ? "static membership" : "dynamic membership"), \
            assignment \(assignmentStrategy ?? "worker default"), session timeout \(sessionTimeoutMilliseconds) ms
            """
    }
}
