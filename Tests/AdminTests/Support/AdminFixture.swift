import Admin
import Catalog
import Foundation
import HTTP
import JSON
import Logging
import Postgres
import Schemas
import Secrets

/// One test's admin API: a fresh schema on the shared test database (AICS_TEST_DATABASE_URL)
/// with every migration applied, and `aics admin`'s server on 127.0.0.1 (a free port), asked
/// through the project's HTTP client: real HTTP, real Postgres.
struct AdminFixture: Sendable {
    let pool: PostgresPool
    let schema: String
    let port: Int
    let routes: [(method: String, path: String)]

    static var databaseURL: String? {
        guard let value = ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    static var isConfigured: Bool { databaseURL != nil }

    static let logger: Logger = {
        var logger = Logger(label: "aics.admin.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["AICS_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    static let secretBox = try! SecretBox(key: "admin-tests-secret-key-0123456789abcdef")
    static let httpClient = try! HTTPClient()
    static let migrations: [Migration] = try! Migration.parse(Schemas.migrations)

    /// Runs `body` against a server with `configuration` (its host and port are ignored).
    static func with(_ configuration: AdminConfiguration = AdminConfiguration(), _ body: (AdminFixture) async throws -> Void) async throws {
        let schema = "a_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let pool = PostgresPool(configuration: PostgresConfiguration(url: databaseURL!, poolSize: 4, schema: schema), logger: logger)
        defer { pool.shutdown() }
        try await PostgresMigrator(pool: pool, logger: logger).migrate(migrations)
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = AdminServer(
            configuration: configuration, pool: pool, secretBox: secretBox, httpClient: httpClient, logger: logger,
            onListening: { port in
                continuation.yield(port)
                continuation.finish()
            })
        // A server that fails to start ends the stream too, so that the test fails instead of hanging.
        let task = Task {
            defer { continuation.finish() }
            try await server.run()
        }
        var bound = 0
        for await port in ports { bound = port }
        guard bound > 0 else {
            _ = try? await task.value
            _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE")
            throw StartFailure()
        }
        let fixture = AdminFixture(pool: pool, schema: schema, port: bound, routes: server.routes)
        do {
            try await body(fixture)
        } catch {
            await fixture.tearDown(task)
            throw error
        }
        await fixture.tearDown(task)
    }

    private func tearDown(_ server: Task<Void, any Error>) async {
        server.cancel()
        _ = try? await server.value
        _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE")
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String { "the admin server did not start" }
    }

    // MARK: Tokens and rows

    /// A token of `tenant`, as `aics token create` makes it.
    func token(tenant: String) async throws -> String {
        try await TokenStore(pool: pool).create(tenantID: tenant, name: "t-\(UUID().uuidString.prefix(6))").token.value
    }

    static func uniqueTenant() -> String { "adm-\(UUID().uuidString.prefix(8).lowercased())" }

    // MARK: HTTP

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var text: String
        var json: JSONValue? { try? JSONParser.parse(text) }
        var errorCode: String? { json?["error"]?["code"]?.stringValue }
        var errorField: String? { json?["error"]?["field"]?.stringValue }
    }

    /// Sends a request to the admin API; `token` nil sends no Authorization header.
    func request(
        _ method: HTTPRequest.Method, _ path: String, token: String?, json: JSONValue? = nil, raw: String? = nil,
        headers: HTTPHeaders = HTTPHeaders()
    ) async throws -> Reply {
        var headers = headers
        if let token { headers.set("Authorization", "Bearer \(token)") }
        var body: [UInt8]?
        if let json {
            headers.set("Content-Type", "application/json")
            body = JSONWriter.bytes(json)
        } else if let raw {
            body = Array(raw.utf8)
        }
        let response = try await Self.httpClient.execute(
            HTTPRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body, timeout: .seconds(30)))
        return Reply(status: response.status, headers: response.headers, text: String(decoding: response.body, as: UTF8.self))
    }
}

/// Building JSON bodies in tests.
func object(_ members: [String: JSONValue]) -> JSONValue { .object(members) }
