/// Turns what the limited-provider run recorded into its figures and checks (pure).
struct LimitedProviderFigures {
    /// One load of the run: its book (outputs seen), produce times and ledger outcomes.
    struct Load {
        var name: String
        var book: OutcomeBook
        /// Produce time of each message (seconds since the run's epoch); empty when the run aborted first.
        var produced: [Double]
        /// Messages with an outcome in the ledger; -1: could not be read.
        var ledgerOutcomes: Int
    }

    let spec: LimitedProviderSpec
    let capped: Load
    let alone: Load
    let beside: Load
    /// From the capped fake: 429s during phase 2 and in all, the most requests in progress at once.
    let tooManyRequests: Int
    let tooManyRequestsTotal: Int
    let maxObservedActive: Int
    let admission: [LimitedProviderResult.AdmissionSample]
    let cpuShareAlone: CPUShare?
    let cpuShareBeside: CPUShare?
    let exitStatuses: [Int32?]
    let earlierFailures: [String]
    let withTargets: Bool

    func result() -> LimitedProviderResult {
        let cappedArrivals = Self.latencies(capped).map(\.arrival).sorted()
        let cappedThroughput = Self.steadyThroughput(cappedArrivals)
        let elapsed = (cappedArrivals.last ?? 0) - (capped.produced.min() ?? 0)
        let aloneLatency = Percentiles(Self.latencies(alone).map(\.milliseconds))
        let besideLatency = Percentiles(Self.latencies(beside).map(\.milliseconds))
        let ratio = aloneLatency.count > 0 && besideLatency.count > 0 && aloneLatency.p99 > 0 ? besideLatency.p99 / aloneLatency.p99 : nil
        let share = cappedThroughput / spec.capThroughput
        return LimitedProviderResult(
            key: spec.key, title: spec.title, workers: spec.workers, maxInFlight: spec.maxInFlight, partitions: spec.partitions,
            cap: spec.cap, cappedDelayMilliseconds: PipelineRun.seconds(spec.cappedDelay) * 1000, capThroughput: spec.capThroughput,
            cappedMessages: spec.cappedMessages, cappedConversations: spec.cappedConversations,
            cappedBotMaxConcurrency: spec.cappedBotMaxConcurrency,
            cappedThroughput: cappedThroughput, cappedShareOfCap: share,
            cappedOverallThroughput: elapsed > 0 ? Double(cappedArrivals.count) / elapsed : 0, cappedElapsedSeconds: elapsed,
            cappedEndToEndMilliseconds: Percentiles(Self.latencies(capped).map(\.milliseconds)),
            otherDelayMilliseconds: PipelineRun.seconds(spec.otherDelay) * 1000, otherRate: spec.otherRate,
            otherMessagesPerPhase: spec.otherMessages,
            otherAloneMilliseconds: aloneLatency, otherBesideMilliseconds: besideLatency, otherP99Ratio: ratio,
            tooManyRequests: tooManyRequests, tooManyRequestsTotal: tooManyRequestsTotal, maxObservedActive: maxObservedActive,
            admission: admission, cpuShareAlone: cpuShareAlone, cpuShareBeside: cpuShareBeside,
            checks: checks(),
            targets: withTargets ? Self.targets(share: share, ratio: ratio, spec: spec) : [])
    }

    /// Arrival time and produce-to-answer latency (ms) of every answered message of `load`.
    static func latencies(_ load: Load) -> [(arrival: Double, milliseconds: Double)] {
        guard load.produced.count == load.book.plan.messages else { return [] }
        return load.book.arrivals.enumerated().compactMap { index, arrival in
            arrival.map { ($0, ($0 - load.produced[index]) * 1000) }
        }
    }

    /// Answers per second between the 10th and the 90th percentile of `sortedArrivals` (start-up
    /// and the draining tail excluded, as in the other scenarios); 0 with fewer than two arrivals.
    static func steadyThroughput(_ sortedArrivals: [Double]) -> Double {
        guard sortedArrivals.count >= 2 else { return 0 }
        let (low, high) = sortedArrivals.count >= 10
            ? (sortedArrivals.count / 10, sortedArrivals.count * 9 / 10)
            : (0, sortedArrivals.count - 1)
        let span = sortedArrivals[high] - sortedArrivals[low]
        return span > 0 ? Double(high - low) / span : 0
    }

    static func targets(share: Double, ratio: Double?, spec: LimitedProviderSpec) -> [BenchReport.Target] {
        [
            BenchReport.Target(
                name: String(format: "capped bot's throughput against its cap (%d / %.1f s = %.0f msg/s)",
                             spec.cap, PipelineRun.seconds(spec.cappedDelay), spec.capThroughput),
                goal: ">= 80%", measured: String(format: "%.1f%%", share * 100), met: share >= 0.8),
            BenchReport.Target(
                name: "other tenant's p99 beside the capped backlog against alone", goal: "<= 1.20x",
                measured: ratio.map { String(format: "%.2fx", $0) } ?? "n/a", met: (ratio ?? .infinity) <= 1.2),
        ]
    }

    /// Every message of both tenants answered (kind `answer`), once, in its conversation's order,
    /// with a ledger outcome; the capped fake never above its cap; every worker exited cleanly.
    private func checks() -> ScenarioResult.Checks {
        var failures = earlierFailures
        var totals = (missing: 0, ledger: 0, conflicts: 0, order: 0, duplicates: 0)
        for load in [capped, alone, beside] {
            let book = load.book
            let missing = book.missing
            if !missing.isEmpty {
                let sample = missing.prefix(5).map { book.plan.messageID($0) }.joined(separator: ", ")
                failures.append("\(load.name): \(missing.count) messages without an output on cs.replies/cs.suggestions (e.g. \(sample))")
            }
            let withoutLedger = load.ledgerOutcomes < 0 ? book.plan.messages : book.plan.messages - load.ledgerOutcomes
            if load.ledgerOutcomes < 0 {
                failures.append("\(load.name): could not read the ledger (inbound_messages)")
            } else if withoutLedger != 0 {
                failures.append("\(load.name): \(withoutLedger) messages without an outcome in the ledger (inbound_messages)")
            }
            if !book.conflicts.isEmpty {
                failures.append("\(load.name): \(book.conflicts.count) conflicting answers, e.g. \(book.conflicts.prefix(3).joined(separator: "; "))")
            }
            if !book.orderViolations.isEmpty {
                failures.append("\(load.name): \(book.orderViolations.count) order violations, e.g. \(book.orderViolations.prefix(3).joined(separator: "; "))")
            }
            totals.missing += missing.count
            totals.ledger += withoutLedger
            totals.conflicts += book.conflicts.count
            totals.order += book.orderViolations.count
            totals.duplicates += book.duplicates
        }
        // Every collector reads the whole output topics (both tenants, warm-up included): one book's kinds cover the run.
        let kinds = capped.book.kinds
        let notAnswers = kinds.filter { $0.key != "answer" }
        if !notAnswers.isEmpty {
            failures.append("outputs other than answers (fallback, handoff or failed: the pipeline gave up on a message): "
                + notAnswers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if !capped.book.unreadable.isEmpty {
            failures.append("unreadable outputs: \(capped.book.unreadable.prefix(3).joined(separator: "; "))")
        }
        if maxObservedActive > spec.cap {
            failures.append("the capped fake had \(maxObservedActive) requests in progress at once, above its cap of \(spec.cap)")
        }
        return ScenarioResult.Checks(
            withoutOutput: totals.missing, withoutLedgerOutcome: totals.ledger,
            conflictingAnswers: totals.conflicts, orderViolations: totals.order,
            duplicateOutputs: totals.duplicates, unreadableOutputs: capped.book.unreadable.count,
            outputKinds: kinds, workerExitStatuses: exitStatuses, failures: failures)
    }
}
