import Catalog
import CoreMetrics
import Synchronization

/// What the pipeline counts as messages flow, through the swift-metrics API (`aics worker` hands
/// it a Prometheus factory; the default is swift-metrics' no-op factory).
///
/// The hot path only looks up a metric by a small value key under a lock: every label set's
/// metric is made once and cached, so a message costs no string formatting here.
public final class PipelineMetrics: Sendable {
    /// The metric names (README, "Operations").
    public enum Name {
        public static let inbound = "aics_inbound_messages_total"
        public static let providerLatency = "aics_provider_latency_seconds"
        public static let retries = "aics_retries_total"
        public static let deadLetters = "aics_dead_letters_total"
        public static let agentEvents = "aics_agent_events_total"
        public static let replyTimers = "aics_reply_timers_total"
        public static let replyTimerLateness = "aics_reply_timer_lateness_seconds"
        public static let replyTimersPending = "aics_reply_timers_pending"
        public static let failovers = "aics_provider_failovers_total"
    }

    /// How an inbound record ended in this worker (label `outcome`).
    public enum Outcome: String, Sendable, CaseIterable {
        case suggestion, reply, handoff, skip, failed
        case deadLetter = "dead_letter"
        /// Already finished earlier (a redelivery, or another worker answered first): its stored
        /// output, if any, was sent again.
        case redelivered

        /// The outcome of an `inbound_messages.outcome` / `Output.Kind.ledgerOutcome` value.
        init(ledger: String) {
            self = Outcome(rawValue: ledger) ?? .failed
        }
    }

    /// What was tried again (label `stage`): a provider request after a retryable failure, or a
    /// whole message after an error (an outage, or a failure of its own within its attempts).
    public enum RetryStage: String, Sendable, CaseIterable {
        case provider, message
    }

    private struct InboundKey: Hashable {
        var outcome: Outcome
        var mode: Mode?
        var provider: ProviderKind?
    }

    let factory: any MetricsFactory
    private let inbound = Mutex<[InboundKey: Counter]>([:])
    private let latencies = Mutex<[ProviderKind?: CoreMetrics.Timer]>([:])
    private let deadLetters = Mutex<[InboundRejection.Kind: Counter]>([:])
    private let retries: [RetryStage: Counter]
    private let agentEvents = Mutex<[String: Counter]>([:])
    private let timers = Mutex<[String: Counter]>([:])
    private let failovers = Mutex<[String: Counter]>([:])
    private let timerLateness: CoreMetrics.Timer
    private let timersPending: Gauge

    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
        var retries: [RetryStage: Counter] = [:]
        for stage in RetryStage.allCases {
            retries[stage] = Counter(label: Name.retries, dimensions: [("stage", stage.rawValue)], factory: factory)
        }
        self.retries = retries
        timerLateness = CoreMetrics.Timer(label: Name.replyTimerLateness, factory: factory)
        timersPending = Gauge(label: Name.replyTimersPending, factory: factory)
        // Known label values are exported from the start (at 0), so dashboards and alerts see them.
        for type in ["agent_status", "agent_message", "suggestion_feedback", "conversation_takeover", "conversation_release", "invalid"] {
            agentEvent(type, by: 0)
        }
        replyTimer("sent", by: 0)
        for reason in ["agent_replied", "taken_over", "handed_off"] { replyTimer("cancelled", reason: reason, by: 0) }
        for reason in Failover.Reason.allCases { failedOver(reason, by: 0) }
    }

    /// A bot of a binding's failover chain was passed over and the next one asked (label `reason`).
    public func failedOver(_ reason: Failover.Reason, by amount: Int = 1) {
        Self.counter(in: failovers, key: reason.rawValue, factory: factory) {
            Counter(label: Name.failovers, dimensions: [("reason", reason.rawValue)], factory: $0)
        }.increment(by: amount)
    }

    /// A cs.agent-events record was applied (label `type`), or dead-lettered (type `invalid`).
    public func agentEvent(_ type: String, by amount: Int = 1) {
        Self.counter(in: agentEvents, key: type, factory: factory) {
            Counter(label: Name.agentEvents, dimensions: [("type", type)], factory: $0)
        }.increment(by: amount)
    }

    /// A reply timer ended here: `sent`, or `cancelled` with why (label `result`, `reason`).
    public func replyTimer(_ result: String, reason: String = "none", by amount: Int = 1) {
        Self.counter(in: timers, key: result + "\u{0}" + reason, factory: factory) {
            Counter(label: Name.replyTimers, dimensions: [("result", result), ("reason", reason)], factory: $0)
        }.increment(by: amount)
    }

    /// A reply timeout went out `lateness` after it was due.
    public func replyTimerFired(lateness: Duration) {
        let (seconds, attoseconds) = max(lateness, .zero).components
        timerLateness.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Reply timers waiting (all workers: the table's count).
    public func replyTimersPending(_ count: Int) {
        timersPending.record(count)
    }

    private static func counter(
        in cache: borrowing Mutex<[String: Counter]>, key: String, factory: any MetricsFactory, make: (any MetricsFactory) -> Counter
    ) -> Counter {
        cache.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = make(factory)
            counters[key] = counter
            return counter
        }
    }

    /// An inbound record ended (`mode` and `provider` are nil where no binding or bot was involved).
    public func finished(_ outcome: Outcome, mode: Mode? = nil, provider: ProviderKind? = nil) {
        let key = InboundKey(outcome: outcome, mode: mode, provider: provider)
        let counter = inbound.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: Name.inbound, dimensions: [
                ("outcome", outcome.rawValue), ("mode", mode?.rawValue ?? "none"), ("provider", provider?.rawValue ?? "none"),
            ], factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// One provider request took `duration` (admission waits excluded), whatever its result.
    public func providerAnswered(_ provider: ProviderKind?, after duration: Duration) {
        let timer = latencies.withLock { timers in
            if let timer = timers[provider] { return timer }
            let timer = CoreMetrics.Timer(
                label: Name.providerLatency, dimensions: [("provider", provider?.rawValue ?? "none")], factory: factory)
            timers[provider] = timer
            return timer
        }
        let (seconds, attoseconds) = duration.components
        timer.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    public func retried(_ stage: RetryStage) {
        retries[stage]?.increment()
    }

    public func deadLettered(_ kind: InboundRejection.Kind) {
        let counter = deadLetters.withLock { counters in
            if let counter = counters[kind] { return counter }
            let counter = Counter(label: Name.deadLetters, dimensions: [("error_kind", kind.rawValue)], factory: factory)
            counters[kind] = counter
            return counter
        }
        counter.increment()
    }
}
