import Foundation
import HTTP
import JSON
import Observability
import Pipeline
import Testing
import TestSupport

/// The Grafana dashboard and the KEDA trigger name what a running `aics worker` and `aics admin`
/// really export: every metric, label and legend of every query is found in their /metrics after
/// messages and requests went through, and the group and topic of the trigger are the ones a
/// worker started without --group joins and reads.
@Suite("deploy/: the dashboard and KEDA against a running worker and admin",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct DeployMetricsTests {
    /// Label values the dashboard may select on, where the code has a closed set.
    static let knownValues: [String: Set<String>] = ["outcome": Set(PipelineMetrics.Outcome.allCases.map(\.rawValue))]

    @Test("every metric, label and legend of the dashboard's queries is exported; the KEDA trigger's group and topic are the worker's")
    func dashboardAndScaler() async throws {
        let manifests = try await DeployManifests.load()
        var worker: PrometheusText?, admin: PrometheusText?, group: String?
        try await WorkerFixture.with(partitions: 2) { fixture in
            (worker, group) = try await Self.scrapeWorker(fixture)
            admin = try await Self.scrapeAdmin(fixture)
        }
        let scrapes = [try #require(worker), try #require(admin)]

        let trigger = try #require(manifests.objects(kind: "ScaledObject").first?["spec"]?["triggers"]?.arrayValue?.first)["metadata"]
        #expect(trigger?["consumerGroup"]?.stringValue == group, "the worker joined \(group ?? "?")")
        let lagTopics = Set(scrapes[0].samples("aics_consumer_lag").compactMap { $0.labels["topic"] })
        #expect(lagTopics == [trigger?["topic"]?.stringValue ?? "?"], "the worker reports lag of \(lagTopics)")

        let queries = manifests.dashboardQueries
        #expect(queries.count >= 10)
        var used: Set<String> = []
        for (panel, expression, legend) in queries {
            let names = try DeployManifestTests.captures(#"\b(aics_[a-z0-9_]+)"#, in: expression)
            #expect(!names.isEmpty, "\(panel): \(expression) names no aics metric")
            var available = DeployManifestTests.targetLabels
            for name in names {
                guard let labels = Self.labels(of: name, in: scrapes) else {
                    Issue.record("\(panel): \(name) is not exported by a worker or admin (\(expression))")
                    continue
                }
                used.insert(name)
                available.formUnion(labels)
                for selector in try DeployManifestTests.captures(name + #"\{([^}]*)\}"#, in: expression) {
                    for matcher in try Self.matchers(selector) {
                        #expect(labels.contains(matcher.label), "\(panel): \(name) has no label \(matcher.label)")
                        if let known = Self.knownValues[matcher.label] {
                            for value in matcher.value.split(separator: "|") {
                                #expect(known.contains(String(value)), "\(panel): \(matcher.label) is never \(value)")
                            }
                        }
                    }
                }
            }
            for grouping in try DeployManifestTests.captures(#"(?:by|without) *\(([^)]*)\)"#, in: expression) {
                for label in grouping.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    #expect(available.contains(label), "\(panel): no metric of \(expression) has the label \(label)")
                }
            }
            for label in try DeployManifestTests.captures(#"\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}"#, in: legend) {
                #expect(available.contains(label), "\(panel): legend {{\(label)}} is no label of \(expression)")
            }
        }
        // The dashboard shows every metric the worker exports.
        let exported = Set(scrapes[0].types.keys)
        #expect(exported.subtracting(used.map(Self.family)).isEmpty, "not on the dashboard: \(exported.subtracting(used.map(Self.family)).sorted())")
    }

    /// A worker started without --group on the fixture's cluster: one message answered, one
    /// dead-lettered; returns its /metrics and the group it says it joined.
    static func scrapeWorker(_ fixture: WorkerFixture) async throws -> (PrometheusText, String?) {
        let tenant = "t-\(UUID())"
        let bot = try await fixture.localBot(tenant: tenant)
        try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
        let worker = try WorkerProcessLauncher.launch(
            fixture, ["worker", "--shutdown-timeout", "5", "--database-pool-size", "4", "--log-format", "json", "--metrics-listen", "127.0.0.1:0"])
        defer { if worker.process.isRunning { kill(worker.process.processIdentifier, SIGKILL) } }
        let address = try await Self.operationsAddress(worker)
        try await eventually("ready", seconds: 60) { try await get("http://\(address)/readyz").status == 200 }
        try await fixture.send(id: "\(tenant)-1", tenant: tenant, conversation: "c1", text: "How long does shipping take?")
        try await fixture.send(id: "nobody-\(UUID())", tenant: "nobody-\(UUID())", conversation: "c2", text: "hello")
        try await eventually("both messages counted", seconds: 60) {
            try PrometheusText(try await text("http://\(address)/metrics")).value("aics_inbound_messages_total") == 2
        }
        let metrics = try PrometheusText(try await text("http://\(address)/metrics"))
        let starting = try worker.log.split(separator: "\n").map { try JSONParser.parse(String($0)) }
            .first { $0["message"]?.stringValue == "worker starting" }
        kill(worker.process.processIdentifier, SIGTERM)
        worker.process.waitUntilExit()
        return (metrics, starting?["metadata"]?["group"]?.stringValue)
    }

    /// `aics admin` with its endpoints: a few answered requests, a refused one; returns its /metrics.
    static func scrapeAdmin(_ fixture: WorkerFixture) async throws -> PrometheusText {
        let admin = try WorkerProcessLauncher.launch(
            fixture, ["admin", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--log-format", "json"])
        defer { if admin.process.isRunning { admin.process.terminate() } }
        let address = try await Self.operationsAddress(admin)
        try await eventually("the admin API listening", seconds: 60) { admin.output.contains("admin API listening on ") }
        let line = try #require(admin.output.split(separator: "\n").first { $0.hasPrefix("admin API listening on ") })
        let api = String(line.dropFirst("admin API listening on ".count))
        #expect(try await get(api + "/openapi.json").status == 200)
        #expect(try await get(api + "/v1/bots").status == 401)
        return try PrometheusText(try await text("http://\(address)/metrics"))
    }

    static func operationsAddress(_ launched: WorkerProcessLauncher.Launched) async throws -> ListenAddress {
        try await eventually("the operations endpoints listening", seconds: 60) { launched.log.contains("operations endpoints listening") }
        let lines = try launched.log.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        let listening = try #require(lines.first { $0["message"]?.stringValue == "operations endpoints listening" })
        return try #require(listening["metadata"]?["address"]?.stringValue.flatMap(ListenAddress.init))
    }

    static func get(_ url: String) async throws -> HTTPResponse {
        try await WorkerFixture.httpClient.execute(HTTPRequest(url: url, timeout: .seconds(10)))
    }

    static func text(_ url: String) async throws -> String {
        String(decoding: try await get(url).body, as: UTF8.self)
    }

    /// A histogram's `_bucket`, `_sum` and `_count` belong to its family.
    static func family(_ name: String) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return name
    }

    /// The label names of the series `name` in any scrape (nil when no scrape has it).
    static func labels(of name: String, in scrapes: [PrometheusText]) -> Set<String>? {
        for scrape in scrapes {
            let isFamily = scrape.types[name] != nil
            let isHistogramPart = scrape.types[family(name)] == "histogram" && family(name) != name
            guard isFamily || isHistogramPart else { continue }
            return scrape.samples(name).reduce(into: Set<String>()) { $0.formUnion($1.labels.keys) }
        }
        return nil
    }

    /// `label="value"`, `label=~"a|b"`, `label!="x"` of a selector.
    static func matchers(_ selector: String) throws -> [(label: String, value: String)] {
        let regex = try Regex(#"([A-Za-z_][A-Za-z0-9_]*) *(?:=~|!~|!=|=) *"([^"]*)""#)
        return selector.matches(of: regex).compactMap { match in
            guard let label = match.output[1].substring, let value = match.output[2].substring else { return nil }
            return (String(label), String(value))
        }
    }
}
