import Synchronization

/// Reads cs.suggestions, cs.replies and cs.dead-letter from the start and keeps every record as
/// an `ObservedOutput` (with its arrival time) for the checker.
final class ChaosCollector: Sendable {
    private struct Seen {
        var outputs: [ObservedOutput] = []
        var unreadable: [String] = []
        var warmUpOutputs = 0
    }

    private let seen = Mutex(Seen())
    private let reader: TopicReader
    private let isWarmUp: @Sendable (String) -> Bool

    init(bootstrapServers: String, topics: [String], groupID: String, isWarmUp: @escaping @Sendable (String) -> Bool) throws {
        reader = try TopicReader(bootstrapServers: bootstrapServers, topics: topics, groupID: groupID, clientID: "aics-chaos-collector")
        self.isWarmUp = isWarmUp
    }

    func run(clock: @Sendable () -> Double) async {
        await reader.run(clock: clock) { messages, now in
            let decoded = messages.map { ObservedOutput.decode($0, arrival: now) }
            seen.withLock { seen in
                for result in decoded {
                    switch result {
                    case .success(let output):
                        if output.messageIDs.contains(where: isWarmUp) { seen.warmUpOutputs += 1 }
                        seen.outputs.append(output)
                    case .failure(let error):
                        if seen.unreadable.count < 20 { seen.unreadable.append(error.reason) }
                    }
                }
            }
        }
    }

    func close() async { await reader.close() }

    var outputs: [ObservedOutput] { seen.withLock { $0.outputs } }
    var outputCount: Int { seen.withLock { $0.outputs.count } }
    var unreadable: [String] { seen.withLock { $0.unreadable } }
    var warmUpOutputs: Int { seen.withLock { $0.warmUpOutputs } }
}
