import Foundation
import HTTP
import Logging
import Observability
import Pipeline
import Synchronization
import Testing
import TestSupport

@Suite("Worker: /metrics, /healthz and /readyz", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct WorkerMetricsTests {
    static let client = try! HTTPClient()

    static func get(_ address: ListenAddress, _ path: String) async throws -> (status: Int, body: String) {
        let response = try await client.execute(HTTPRequest(url: "http://\(address)\(path)", timeout: .seconds(10)))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    static func metrics(_ address: ListenAddress) async throws -> PrometheusText {
        let answer = try await get(address, "/metrics")
        #expect(answer.status == 200)
        return try PrometheusText(answer.body)
    }

    @Test("/readyz turns ready only once partitions are assigned; /metrics parses and its counters move as messages flow")
    func metricsMoveWithMessages() async throws {
        try await WorkerFixture.with(partitions: 2) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "hosted", bot: bot, mode: "hosted", keywords: ["human"])
            try await fixture.bind(tenant: tenant, account: "assist", bot: bot, mode: "assist")
            try await fixture.bind(tenant: tenant, account: "off", bot: nil, mode: "off")

            // Wired as `aics worker` wires it (WorkerProbes): one registry, the runtime attached late.
            let registry = MetricsRegistry()
            let attached = Attached()
            let pool = fixture.pool
            var logger = Logger(label: "aics.worker.tests.operations")
            logger.logLevel = .critical
            let server = OperationsServer(
                address: ListenAddress(host: "127.0.0.1", port: 0), registry: registry,
                readiness: [
                    ReadinessCheck("partitions") {
                        guard let worker = attached.runtime.withLock({ $0 })?.worker else { return "starting" }
                        return worker.notReadyReason
                    },
                    ReadinessCheck("postgres") { (try? await pool.query("SELECT 1")) == nil ? "postgres does not answer" : nil },
                ],
                sample: { attached.runtime.withLock { $0 }?.gauges.sample() }, logger: logger)

            try await server.serving { address in
                #expect(try await Self.get(address, "/healthz").status == 200)
                try await fixture.withWorker(caller: ProviderCaller(metrics: PipelineMetrics(factory: registry.factory)), beforeStart: { runtime in
                    attached.runtime.withLock { $0 = runtime }
                    let early = try await Self.get(address, "/readyz")
                    #expect(early.status == 503)
                    #expect(early.body.contains("no partitions assigned"), "\(early.body)")
                }) { runtime in
                    try await eventually("ready", seconds: 30) { try await Self.get(address, "/readyz").status == 200 }
                    #expect(runtime.worker.assignedPartitionCount == 2)

                    let before = try await Self.metrics(address)
                    #expect(before.types["aics_retries_total"] == "counter")
                    #expect(before.value("aics_inbound_messages_total") == 0)

                    try await fixture.send(id: "\(tenant)-1", tenant: tenant, account: "hosted", conversation: "c1", text: "How long does shipping take?")
                    try await fixture.send(id: "\(tenant)-2", tenant: tenant, account: "hosted", conversation: "c2", text: "a human please")
                    try await fixture.send(id: "\(tenant)-3", tenant: tenant, account: "assist", conversation: "c3", text: "What is your return policy?")
                    try await fixture.send(id: "\(tenant)-4", tenant: tenant, account: "off", conversation: "c4", text: "hello")
                    try await fixture.send(id: "\(tenant)-5", tenant: "nobody-\(UUID())", conversation: "c5", text: "hello")
                    try await fixture.producer.send(topic: "cs.inbound", key: Array("c6".utf8), value: Array("not json".utf8), headers: [])

                    try await eventually("six inbound records counted", seconds: 60) {
                        try await Self.metrics(address).value("aics_inbound_messages_total") == 6
                    }
                    // Offsets commit within 200 ms; the lag figures follow the next fetch.
                    try await eventually("no lag and nothing in flight", seconds: 30) {
                        let now = try await Self.metrics(address)
                        return now.value("aics_messages_in_flight") == 0 && now.samples("aics_consumer_lag").count == 2
                            && now.value("aics_consumer_lag") == 0
                    }
                    let after = try await Self.metrics(address)
                    let inbound = "aics_inbound_messages_total"
                    #expect(after.value(inbound, ["outcome": "reply", "mode": "hosted", "provider": "local"]) == 1)
                    #expect(after.value(inbound, ["outcome": "handoff", "mode": "hosted", "provider": "local"]) == 1)
                    #expect(after.value(inbound, ["outcome": "suggestion", "mode": "assist", "provider": "local"]) == 1)
                    #expect(after.value(inbound, ["outcome": "skip", "mode": "off", "provider": "none"]) == 1)
                    #expect(after.value(inbound, ["outcome": "dead_letter", "mode": "none", "provider": "none"]) == 2)
                    #expect(after.value("aics_dead_letters_total", ["error_kind": "not_json"]) == 1)
                    #expect(after.value("aics_dead_letters_total", ["error_kind": "unknown_tenant"]) == 1)
                    // The handoff keyword answers without asking the bot: two provider requests.
                    #expect(after.value("aics_provider_latency_seconds_count", ["provider": "local"]) == 2)
                    #expect(after.value("aics_provider_latency_seconds_bucket", ["provider": "local", "le": "+Inf"]) == 2)
                    #expect(after.value("aics_retries_total") == 0)
                    let botLabel = ["bot": bot.uuidString.lowercased()]
                    #expect(after.samples("aics_circuit_state", botLabel).map(\.value) == [0])
                    #expect(after.value("aics_bot_admission_limit", botLabel) >= 1)
                    #expect(after.samples("aics_bot_admission_in_flight", botLabel).map(\.value) == [0])
                    #expect(after.samples("aics_bot_admission_queued", botLabel).map(\.value) == [0])
                    for sample in after.samples("aics_consumer_lag") { #expect(sample.labels["topic"] == "cs.inbound") }
                }
            }
        }
    }
}

/// The runtime, once built, for the endpoints' closures.
private final class Attached: Sendable {
    let runtime = Mutex<WorkerRuntime?>(nil)
}
