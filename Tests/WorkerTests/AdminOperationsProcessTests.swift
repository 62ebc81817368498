import Foundation
import HTTP
import JSON
import Observability
import Testing
import TestSupport

@Suite("aics admin process: --metrics-listen",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct AdminOperationsProcessTests {
    @Test("serves /healthz, /readyz (Postgres answers) and /metrics, whose request counters move as the API answers")
    func endpoints() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let admin = try WorkerProcessLauncher.launch(
                fixture, ["admin", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--log-format", "json"])
            defer { if admin.process.isRunning { admin.process.terminate() } }
            try await eventually("the admin API and its endpoints listening", seconds: 60) {
                admin.output.contains("admin API listening on ") && admin.log.contains("operations endpoints listening")
            }
            let apiLine = try #require(admin.output.split(separator: "\n").first { $0.hasPrefix("admin API listening on ") })
            let api = String(apiLine.dropFirst("admin API listening on ".count))
            let lines = try admin.log.split(separator: "\n").map { try JSONParser.parse(String($0)) }
            let listening = try #require(lines.first { $0["message"]?.stringValue == "operations endpoints listening" })
            let address = try #require(listening["metadata"]?["address"]?.stringValue.flatMap(ListenAddress.init))
            @Sendable func get(_ url: String) async throws -> HTTPResponse {
                try await WorkerFixture.httpClient.execute(HTTPRequest(url: url, timeout: .seconds(10)))
            }
            #expect(try await get("http://\(address)/healthz").status == 200)
            #expect(try await get("http://\(address)/readyz").status == 200)

            for _ in 0..<3 { #expect(try await get(api + "/openapi.json").status == 200) }
            #expect(try await get(api + "/v1/bots").status == 401)
            let metrics = try PrometheusText(String(decoding: try await get("http://\(address)/metrics").body, as: UTF8.self))
            #expect(metrics.samples.allSatisfy { $0.name.hasPrefix("aics_") })
            let requests = metrics.samples.filter { $0.name == "aics_hb_requests" }
            #expect(requests.filter { $0.labels.values.contains("/openapi.json") }.reduce(0) { $0 + $1.value } == 3, "\(requests)")
            #expect(requests.filter { $0.labels.values.contains("401") }.reduce(0) { $0 + $1.value } == 1, "\(requests)")
        }
    }
}
