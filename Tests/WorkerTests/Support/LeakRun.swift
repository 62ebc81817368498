import Foundation
import HTTP
import JSON
import Kafka
import Postgres
import Synchronization
import Testing
import TestSupport

/// A run of the `aics` processes against one fixture that keeps every text they show: what the
/// command line printed, every admin API response (headers and body), process logs, operations
/// endpoints, topic records, NOTIFY payloads and every column of every table and view of the
/// schema. `SecretLeakTests` searches it all for secrets.
final class LeakRun {
    let fixture: WorkerFixture
    /// The variables every `aics` child gets on top of the fixture's.
    let overrides: [String: String]
    /// What was captured, each piece named after where it came from.
    private(set) var pieces: [(source: String, bytes: [UInt8])] = []
    /// The admin API's bearer token and base URL, once `startAdmin` ran.
    private(set) var token = ""
    private(set) var adminBase = ""
    private var commandNumber = 0
    private var callNumber = 0
    private let notifications = Notifications()
    private var listener: Task<Void, Never>?

    init(fixture: WorkerFixture, overrides: [String: String]) {
        self.fixture = fixture
        self.overrides = overrides
    }

    func capture(_ source: String, _ text: String) { pieces.append((source, Array(text.utf8))) }
    func capture(_ source: String, bytes: [UInt8]) { pieces.append((source, bytes)) }

    // MARK: The command line

    /// Runs `aics arguments...`; its output is captured unless it prints a secret by design.
    /// `expect`: the exit status (nil: any; `.failure`: anything but 0).
    @discardableResult
    func aics(_ arguments: [String], extra: [String: String] = [:], stdin: String = "", expect: ExitExpectation = .success,
              printsSecret: Bool = false) async throws -> ChildRun {
        commandNumber += 1
        let environment = WorkerProcessLauncher.environment(fixture).merging(overrides) { $1 }.merging(extra) { $1 }
        let run = try await ChildRun.run(executable: AICSBinary.path!, arguments: arguments, environment: environment, stdin: stdin)
        let name = "aics \(arguments.prefix(3).joined(separator: " ")) (#\(commandNumber), exit \(run.status))"
        switch expect {
        case .success: #expect(run.status == 0, "\(name): \(run.standardOutput)\(run.standardError)")
        case .failure: #expect(run.status != 0, "\(name) should have been refused: \(run.standardOutput)")
        case .any: break
        }
        capture("\(name) stderr", run.standardError)
        if !printsSecret { capture("\(name) stdout", run.standardOutput) }
        return run
    }

    enum ExitExpectation { case success, failure, any }

    // MARK: Long-running processes

    /// `aics admin` with its JSON log at trace level and its operations endpoints, asked with `token`.
    func startAdmin(token: String) async throws -> WorkerProcessLauncher.Launched {
        self.token = token
        let admin = try launch(["admin", "--listen", "127.0.0.1:0", "--log-level", "trace", "--log-format", "json", "--metrics-listen", "127.0.0.1:0"])
        adminBase = try await OperatorFlowTests.listeningAddress(admin)
        return admin
    }

    func launch(_ arguments: [String]) throws -> WorkerProcessLauncher.Launched {
        try WorkerProcessLauncher.launch(fixture, arguments, overrides: overrides)
    }

    /// `/metrics`, `/readyz` and `/healthz` of a process started with `--log-format json --metrics-listen`.
    func captureEndpoints(_ name: String, _ process: WorkerProcessLauncher.Launched) async throws {
        let listening = process.log.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
            .first { $0["message"]?.stringValue == "operations endpoints listening" }
        let address = try #require(listening?["metadata"]?["address"]?.stringValue, "\(name) logs its endpoints' address")
        for path in ["/metrics", "/readyz", "/healthz"] {
            let response = try await WorkerFixture.httpClient.execute(HTTPRequest(url: "http://\(address)\(path)", timeout: .seconds(10)))
            capture("\(name) \(path)", bytes: response.body)
        }
    }

    /// Stops the processes (SIGTERM, as an operator would) and captures their logs and output.
    func stop(_ processes: [(name: String, process: WorkerProcessLauncher.Launched)]) {
        for (_, launched) in processes where launched.process.isRunning {
            launched.process.terminate()
            launched.process.waitUntilExit()
        }
        for (name, launched) in processes {
            capture("\(name) stderr (log)", launched.log)
            capture("\(name) stdout", launched.output)
        }
    }

    // MARK: The admin API

    /// A request to the admin API with the run's token (or `bearer`); status, headers and body are captured.
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, raw: String? = nil,
              bearer: String? = nil) async throws -> (status: Int, json: JSONValue?) {
        callNumber += 1
        var headers: HTTPHeaders = ["Authorization": "Bearer \(bearer ?? token)"]
        if body != nil || raw != nil { headers.set("Content-Type", "application/json") }
        let response = try await WorkerFixture.httpClient.execute(HTTPRequest(
            method: method, url: adminBase + path, headers: headers, body: body.map(JSONWriter.bytes) ?? raw.map { Array($0.utf8) },
            timeout: .seconds(60)))
        let name = "admin \(method.rawValue) \(path) (#\(callNumber), \(response.status))"
        capture("\(name) headers", response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
        capture("\(name) body", bytes: response.body)
        return (response.status, try? JSONParser.parse(response.body))
    }

    /// The ids of the tenant's bots, by name.
    func botIDs() async throws -> [String: String] {
        let bots = try await call(.get, "/v1/bots").json?["bots"]?.arrayValue ?? []
        return Dictionary(bots.compactMap { bot in bot["name"]?.stringValue.flatMap { name in bot["id"]?.stringValue.map { (name, $0) } } }) { $1 }
    }

    // MARK: Postgres and Kafka

    /// Starts capturing the payloads of `NOTIFY aics_config` (bots and bindings announced).
    func listenForConfigChanges() async throws {
        let notifications = notifications
        listener = Task { [pool = fixture.pool] in
            for await event in pool.listen(to: ["aics_config"]) {
                switch event {
                case .listening: notifications.listening.withLock { $0 = true }
                case .notification(let notification): notifications.payloads.withLock { $0.append(notification.payload) }
                }
            }
        }
        try await eventually("LISTEN aics_config") { notifications.listening.withLock { $0 } }
    }

    /// Stops listening; captures the payloads and returns how many there were.
    func captureConfigChanges() -> Int {
        listener?.cancel()
        let payloads = notifications.payloads.withLock { $0 }
        capture("NOTIFY aics_config payloads", payloads.joined(separator: "\n"))
        return payloads.count
    }

    /// Every record on `topics` (key, value, headers), once there are at least `expected`.
    func captureTopics(_ topics: [String], expected: Int) async throws -> [KafkaMessage] {
        let records = try await fixture.collect(from: topics, seconds: 60) { $0.count >= expected }
        #expect(records.count >= expected, "\(records.count) records on \(topics), expected \(expected)")
        for record in records {
            let name = "\(record.topic)[\(record.partition)]@\(record.offset)"
            capture("\(name) key", bytes: record.key ?? [])
            capture("\(name) value", bytes: record.value)
            for header in record.headers { capture("\(name) header \(header.name)", bytes: Array(header.name.utf8) + header.value) }
        }
        return records
    }

    /// Every column of every table and view of the fixture's schema as text, whatever its type
    /// (bytea as escaped bytes, in which plain text stays readable): new tables need no change
    /// here. Returns how many columns there were.
    func captureDatabase() async throws -> Int {
        let columns = try await fixture.pool.query("""
            SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = $1 ORDER BY table_name, ordinal_position
            """, [fixture.schema])
        for column in columns {
            let table = try column.decode(0, as: String.self), name = try column.decode(1, as: String.self)
            let value = try column.decode(2, as: String.self) == "bytea" ? "encode(\"\(name)\", 'escape')" : "\"\(name)\"::text"
            let rows = try await fixture.pool.query("SELECT coalesce(string_agg(\(value), E'\\n'), '') FROM \"\(fixture.schema)\".\"\(table)\"")
            capture("postgres \(table).\(name)", try rows[0].decode(0, as: String.self))
        }
        return columns.count
    }

    // MARK: Search

    /// Every leak `scanner` finds in what was captured. When there are leaks, everything captured
    /// is also kept for diagnosis, one file per piece, in the folder returned.
    func search(_ scanner: CanaryScanner) throws -> (leaks: [CanaryScanner.Leak], folder: String?, bytes: Int) {
        let leaks = pieces.flatMap { scanner.leaks(in: $0.bytes, source: $0.source) }
        let bytes = pieces.reduce(0) { $0 + $1.bytes.count }
        guard !leaks.isEmpty else { return (leaks, nil, bytes) }
        let folder = NSTemporaryDirectory() + "aics-leak-\(fixture.schema)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (index, piece) in pieces.enumerated() {
            let name = String(format: "%04d ", index) + piece.source.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }.prefix(120)
            FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(piece.bytes))
        }
        return (leaks, folder, bytes)
    }

    private final class Notifications: Sendable {
        let listening = Mutex(false)
        let payloads = Mutex<[String]>([])
    }
}
