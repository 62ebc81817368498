import CoreMetrics
import HTTP
import JSON
import Logging
import Observability
import Synchronization
import Testing
import TestSupport

@Suite struct OperationsServerTests {
    static let client = try! HTTPClient()

    static func get(_ address: ListenAddress, _ path: String) async throws -> (status: Int, body: String, contentType: String?) {
        let response = try await client.execute(HTTPRequest(url: "http://\(address)\(path)", timeout: .seconds(10)))
        return (response.status, String(decoding: response.body, as: UTF8.self), response.headers["Content-Type"])
    }

    static func server(readiness: [ReadinessCheck] = [], registry: MetricsRegistry = MetricsRegistry(), sample: @escaping @Sendable () -> Void = {}) -> OperationsServer {
        var logger = Logger(label: "aics.operations.tests")
        logger.logLevel = .critical
        return OperationsServer(
            address: ListenAddress(host: "127.0.0.1", port: 0), registry: registry, readiness: readiness, sample: sample, logger: logger)
    }

    @Test func metricsAreValidPrometheusTextAndMove() async throws {
        let registry = MetricsRegistry()
        let counter = Counter(label: "aics_test_events_total", dimensions: [("kind", "a \"quoted\" \\ value")], factory: registry.factory)
        let timer = CoreMetrics.Timer(label: "aics_test_latency_seconds", dimensions: [("provider", "dify")], factory: registry.factory)
        let samples = Atomic<Int>(0)
        let gauge = Gauge(label: "aics_test_samples", factory: registry.factory)
        let server = Self.server(registry: registry) {
            gauge.record(samples.add(1, ordering: .relaxed).newValue)
        }
        try await server.serving { address in
            counter.increment(by: 2)
            timer.recordMilliseconds(300)
            let first = try await Self.get(address, "/metrics")
            #expect(first.status == 200)
            #expect(first.contentType == OperationsServer.prometheusContentType)
            let parsed = try PrometheusText(first.body)
            #expect(parsed.types["aics_test_events_total"] == "counter")
            #expect(parsed.types["aics_test_latency_seconds"] == "histogram")
            #expect(parsed.value("aics_test_events_total", ["kind": "a \"quoted\" \\ value"]) == 2)
            #expect(parsed.value("aics_test_latency_seconds_count", ["provider": "dify"]) == 1)
            #expect(parsed.value("aics_test_latency_seconds_bucket", ["provider": "dify", "le": "0.25"]) == 0)
            #expect(parsed.value("aics_test_latency_seconds_bucket", ["provider": "dify", "le": "0.5"]) == 1)
            #expect(parsed.value("aics_test_samples") == 1)

            counter.increment()
            let second = try PrometheusText(try await Self.get(address, "/metrics").body)
            #expect(second.value("aics_test_events_total") == 3)
            #expect(second.value("aics_test_samples") == 2)
        }
    }

    @Test func healthAndReadiness() async throws {
        let ready = Atomic<Bool>(false)
        let server = Self.server(readiness: [
            ReadinessCheck("flag") { ready.load(ordering: .relaxed) ? nil : "flag not set" },
        ])
        try await server.serving { address in
            let health = try await Self.get(address, "/healthz")
            #expect(health.status == 200)
            let notReady = try await Self.get(address, "/readyz")
            #expect(notReady.status == 503)
            let reason = try JSONParser.parse(notReady.body)
            #expect(reason["status"]?.stringValue == "not_ready")
            #expect(reason["check"]?.stringValue == "flag")
            #expect(reason["reason"]?.stringValue == "flag not set")
            ready.store(true, ordering: .relaxed)
            let nowReady = try await Self.get(address, "/readyz")
            #expect(nowReady.status == 200)
            #expect(try JSONParser.parse(nowReady.body)["status"]?.stringValue == "ready")
            #expect(try await Self.get(address, "/nothing").status == 404)
        }
    }

    @Test func aCheckThatHangsTimesOut() async throws {
        let server = Self.server(readiness: [
            ReadinessCheck("slow", timeout: .milliseconds(200)) {
                try? await Task.sleep(for: .seconds(30))
                return nil
            },
        ])
        try await server.serving { address in
            let started = ContinuousClock.now
            let answer = try await Self.get(address, "/readyz")
            #expect(answer.status == 503)
            #expect(answer.body.contains("no answer within"))
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func anAddressInUseFailsAtOnce() async throws {
        try await Self.server().serving { address in
            let second = OperationsServer(
                address: address, registry: MetricsRegistry(), readiness: [], logger: Logger(label: "aics.operations.tests"))
            await #expect(throws: OperationsServerError.self) {
                try await second.serving { _ in }
            }
        }
    }

    @Test func listenAddresses() {
        #expect(ListenAddress("127.0.0.1:9464") == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(ListenAddress("0.0.0.0:0") == ListenAddress(host: "0.0.0.0", port: 0))
        #expect(ListenAddress("[::1]:9464") == ListenAddress(host: "::1", port: 9464))
        #expect(ListenAddress("[::1]:9464")?.description == "[::1]:9464")
        for bad in ["9464", ":9464", "host:", "host:70000", "host:-1", "host:port"] {
            #expect(ListenAddress(bad) == nil, "\(bad)")
        }
    }
}
