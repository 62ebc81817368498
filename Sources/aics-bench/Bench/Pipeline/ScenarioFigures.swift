/// Turns what a run recorded into its figures and checks.
struct ScenarioFigures {
    let spec: ScenarioSpec
    let book: OutcomeBook
    /// Produce time of each measured message (seconds since the run's epoch); empty when the run aborted.
    let produced: [Double]
    let sampler: ProcessSampler
    let ledgerOutcomes: Int
    let exitStatuses: [Int32?]
    let earlierFailures: [String]

    func result() -> ScenarioResult {
        var endToEnd: [Double] = []
        var arrivals: [(time: Double, latency: Double)] = []
        endToEnd.reserveCapacity(spec.messages)
        if produced.count == spec.messages {
            for (index, arrival) in book.arrivals.enumerated() {
                guard let arrival else { continue }
                let latency = (arrival - produced[index]) * 1000
                endToEnd.append(latency)
                arrivals.append((arrival, latency))
            }
        }
        arrivals.sort { $0.time < $1.time }
        let delayMilliseconds = spec.providerDelaySeconds * 1000
        let window = steadyWindow(arrivals.map(\.time))
        let workerCPU = window.map { sampler.cpuSeconds(from: $0.from, to: $0.to) } ?? Array(repeating: 0, count: spec.workers)
        let windowMessages = Double(window?.messages ?? 0)
        let perThousand = workerCPU.map { windowMessages > 0 ? $0 / windowMessages * 1000 : 0 }
        let throughput = window.map { $0.to > $0.from ? Double($0.messages) / ($0.to - $0.from) : 0 } ?? 0

        return ScenarioResult(
            key: spec.key, title: spec.title, workers: spec.workers, maxInFlight: spec.maxInFlight,
            providerDelayMilliseconds: delayMilliseconds, messages: spec.messages, conversations: spec.conversations,
            partitions: spec.partitions, offeredRate: spec.offeredRate,
            throughput: throughput,
            elapsedSeconds: (arrivals.last?.time ?? 0) - (produced.first ?? 0),
            littleLimit: spec.littleLimit,
            littleShare: spec.littleLimit.map { throughput / $0 },
            endToEndMilliseconds: Percentiles(endToEnd),
            overheadMilliseconds: Percentiles(endToEnd.map { $0 - delayMilliseconds }),
            cpuSecondsPerThousand: perThousand,
            cpuMicrosecondsPerMessage: windowMessages > 0 ? workerCPU.reduce(0, +) / windowMessages * 1e6 : 0,
            peakResidentMiB: sampler.peakResidentBytes.map { Double($0) / 1_048_576 },
            cpuShare: window.flatMap { sampler.cpuShare(from: $0.from, to: $0.to) },
            checks: checks(),
            timeline: timeline(arrivals, start: produced.first ?? 0))
    }

    /// Between the 10th and the 90th percentile of arrivals: start-up and the draining tail excluded.
    private func steadyWindow(_ times: [Double]) -> (from: Double, to: Double, messages: Int)? {
        guard times.count >= 10 else { return times.count >= 2 ? (times.first!, times.last!, times.count - 1) : nil }
        let low = times.count / 10, high = times.count * 9 / 10
        return (times[low], times[high], high - low)
    }

    private func checks() -> ScenarioResult.Checks {
        var failures = earlierFailures
        let missing = book.missing
        if !missing.isEmpty {
            let sample = missing.prefix(5).map { book.plan.messageID($0) }.joined(separator: ", ")
            failures.append("\(missing.count) messages without an output on cs.replies/cs.suggestions (e.g. \(sample))")
        }
        let withoutLedger = ledgerOutcomes < 0 ? spec.messages : spec.messages - ledgerOutcomes
        if ledgerOutcomes < 0 {
            failures.append("could not read the ledger (inbound_messages)")
        } else if withoutLedger != 0 {
            failures.append("\(withoutLedger) messages without an outcome in the ledger (inbound_messages)")
        }
        if !book.conflicts.isEmpty {
            failures.append("\(book.conflicts.count) conflicting answers, e.g. \(book.conflicts.prefix(3).joined(separator: "; "))")
        }
        if !book.orderViolations.isEmpty {
            failures.append("\(book.orderViolations.count) order violations, e.g. \(book.orderViolations.prefix(3).joined(separator: "; "))")
        }
        // The fake never fails, so anything but an answer means the pipeline gave up on it (timeouts under load).
        let notAnswers = book.kinds.filter { $0.key != "answer" && $0.key != "suggestion-ok" }
        if !notAnswers.isEmpty {
            failures.append("outputs other than answers: \(notAnswers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        }
        if !book.unreadable.isEmpty {
            failures.append("unreadable outputs: \(book.unreadable.prefix(3).joined(separator: "; "))")
        }
        return ScenarioResult.Checks(
            withoutOutput: missing.count, withoutLedgerOutcome: withoutLedger,
            conflictingAnswers: book.conflicts.count, orderViolations: book.orderViolations.count,
            duplicateOutputs: book.duplicates, unreadableOutputs: book.unreadable.count,
            outputKinds: book.kinds, workerExitStatuses: exitStatuses, failures: failures)
    }

    /// Per second since the first produced record: outputs arrived, and their p50/p99 latency.
    private func timeline(_ arrivals: [(time: Double, latency: Double)], start: Double) -> [ScenarioResult.TimelinePoint] {
        var buckets: [Int: [Double]] = [:]
        for arrival in arrivals { buckets[max(0, Int(arrival.time - start)), default: []].append(arrival.latency) }
        guard let last = buckets.keys.max() else { return [] }
        return (0...last).map { second in
            let latencies = buckets[second] ?? []
            let percentiles = Percentiles(latencies)
            return .init(second: second, throughput: latencies.count, p50Milliseconds: percentiles.p50, p99Milliseconds: percentiles.p99)
        }
    }
}
