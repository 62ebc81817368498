import Foundation
import HTTP
import JSON
import Observability
import Testing
import TestSupport

@Suite("aics worker process: --metrics-listen and --log-format json",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct WorkerOperationsProcessTests {
    /// The log's lines as JSON objects; fails on a line that is not one.
    static func lines(_ log: String) throws -> [JSONValue] {
        try log.split(separator: "\n").map { line in
            let object = try JSONParser.parse(String(line))
            guard case .object = object else { throw NotAnObject(line: String(line)) }
            return object
        }
    }

    struct NotAnObject: Error { var line: String }

    @Test("serves /healthz, /readyz and /metrics on the logged address; every log line is a JSON object and per-message lines name tenant, conversation and message")
    func endpointsAndJSONLogs() async throws {
        try await WorkerFixture.with(partitions: 2) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            let worker = try WorkerProcessLauncher.launch(
                fixture, group: "operations-group", arguments: ["--log-format", "json", "--metrics-listen", "127.0.0.1:0"])
            defer { if worker.process.isRunning { kill(worker.process.processIdentifier, SIGKILL) } }

            try await eventually("the endpoints' address in the log", seconds: 60) {
                worker.log.contains("operations endpoints listening")
            }
            let listening = try #require(try Self.lines(worker.log).first { $0["message"]?.stringValue == "operations endpoints listening" })
            let address = try #require(listening["metadata"]?["address"]?.stringValue.flatMap(ListenAddress.init))
            #expect(address.host == "127.0.0.1" && address.port > 0)
            let client = try HTTPClient()
            defer { client.shutdown() }
            @Sendable func get(_ path: String) async throws -> HTTPResponse {
                try await client.execute(HTTPRequest(url: "http://\(address)\(path)", timeout: .seconds(10)))
            }
            #expect(try await get("/healthz").status == 200)
            try await eventually("ready", seconds: 60) { try await get("/readyz").status == 200 }

            let question = "How long does shipping take?"
            try await fixture.send(id: "\(tenant)-1", tenant: tenant, conversation: "c1", text: question)
            let stranger = "nobody-\(UUID())"
            try await fixture.send(id: "\(stranger)-2", tenant: stranger, conversation: "c2", text: question)
            try await eventually("both messages counted", seconds: 60) {
                let metrics = try PrometheusText(String(decoding: try await get("/metrics").body, as: UTF8.self))
                return metrics.value("aics_inbound_messages_total") == 2
            }
            let metrics = try PrometheusText(String(decoding: try await get("/metrics").body, as: UTF8.self))
            #expect(metrics.value("aics_inbound_messages_total", ["outcome": "reply", "mode": "hosted", "provider": "local"]) == 1)
            #expect(metrics.value("aics_dead_letters_total", ["error_kind": "unknown_tenant"]) == 1)

            kill(worker.process.processIdentifier, SIGTERM)
            worker.process.waitUntilExit()
            #expect(worker.process.terminationStatus == 0)

            let log = worker.log
            let lines = try Self.lines(log)
            #expect(lines.contains { $0["message"]?.stringValue == "worker stopped" })
            for line in lines {
                for field in ["time", "level", "label", "message"] { #expect(line[field]?.stringValue != nil, "\(field) missing: \(line)") }
                guard let metadata = line["metadata"] else { Issue.record("no metadata: \(line)"); continue }
                // A line about one message names all three ids.
                if metadata["message"] != nil || metadata["conversation"] != nil {
                    #expect(metadata["tenant"] != nil && metadata["conversation"] != nil && metadata["message"] != nil, "\(line)")
                }
            }
            let deadLettered = try #require(lines.first { $0["message"]?.stringValue == "inbound record dead-lettered" })
            #expect(deadLettered["metadata"]?["tenant"]?.stringValue == stranger)
            #expect(deadLettered["metadata"]?["conversation"]?.stringValue == "c2")
            #expect(deadLettered["metadata"]?["message"]?.stringValue == "\(stranger)-2")
            #expect(deadLettered["metadata"]?["error_kind"]?.stringValue == "unknown_tenant")
            // Customer text never reaches the log.
            #expect(!log.contains(question))
        }
    }
}
