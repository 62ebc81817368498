import CoreMetrics
import Foundation
import Kafka

/// The worker's state as gauges, set from snapshots when `sample()` runs (before each scrape of
/// `/metrics`), so that the message path pays nothing for them.
public final class WorkerGauges: Sendable {
    /// The metric names (README, "Operations").
    public enum Name {
        public static let inFlight = "aics_messages_in_flight"
        public static let consumerLag = "aics_consumer_lag"
        public static let circuitState = "aics_circuit_state"
        public static let admissionLimit = "aics_bot_admission_limit"
        public static let admissionInFlight = "aics_bot_admission_in_flight"
        public static let admissionQueued = "aics_bot_admission_queued"
    }

    let worker: Worker
    let caller: ProviderCaller
    private let inFlight: Gauge
    private let lag: GaugeFamily<KafkaTopicPartition>
    private let circuits: GaugeFamily<UUID>
    private let limits: GaugeFamily<UUID>
    private let botInFlight: GaugeFamily<UUID>
    private let queued: GaugeFamily<UUID>

    public init(worker: Worker, caller: ProviderCaller, factory: any MetricsFactory) {
        self.worker = worker
        self.caller = caller
        inFlight = Gauge(label: Name.inFlight, factory: factory)
        lag = GaugeFamily(label: Name.consumerLag, factory: factory) { [("topic", $0.topic), ("partition", String($0.partition))] }
        let bot: @Sendable (UUID) -> [(String, String)] = { [("bot", $0.uuidString.lowercased())] }
        circuits = GaugeFamily(label: Name.circuitState, factory: factory, dimensions: bot)
        limits = GaugeFamily(label: Name.admissionLimit, factory: factory, dimensions: bot)
        botInFlight = GaugeFamily(label: Name.admissionInFlight, factory: factory, dimensions: bot)
        queued = GaugeFamily(label: Name.admissionQueued, factory: factory, dimensions: bot)
    }

    /// 0 closed, 1 half-open (one trial request), 2 open (the bot is not asked).
    static func value(of state: CircuitBreaker.State) -> Double {
        switch state {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }

    public func sample() {
        inFlight.record(worker.load)
        lag.update(worker.consumerLag().mapValues(Double.init))
        circuits.update(caller.circuitStates().mapValues(Self.value))
        let admissions = caller.admissions.snapshot()
        limits.update(admissions.mapValues { Double($0.limit) })
        botInFlight.update(admissions.mapValues { Double($0.inFlight) })
        queued.update(admissions.mapValues { Double($0.queued) })
    }
}
