import Catalog
import Foundation
import HTTP
import JSON
import Kafka
import Logging
import Pipeline
import Postgres
import Schemas
import Secrets
import Synchronization
import Testing

/// One test's world: its own embedded Kafka cluster with the aics topics, and a fresh schema on
/// the shared test database with every migration applied (AICS_TEST_DATABASE_URL).
struct WorkerFixture: Sendable {
    let cluster: EmbeddedKafkaCluster
    let pool: PostgresPool
    let producer: KafkaProducer
    let schema: String

    static var databaseURL: String? {
        guard let value = ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    static var isConfigured: Bool { databaseURL != nil }

    static let logger: Logger = {
        var logger = Logger(label: "aics.worker.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["AICS_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    static let secretBox = try! SecretBox(key: "worker-tests-secret-key-0123456789abcdef")
    static let httpClient = try! HTTPClient()

    static let migrations: [Migration] = try! Migration.parse(Schemas.migrations)

    /// Every topic the fixture's cluster has.
    static let topics = ["cs.inbound", "cs.suggestions", "cs.replies", "cs.dead-letter", "cs.agent-events"]

    static func with(partitions: Int = 4, poolSize: Int = 8, _ body: (WorkerFixture) async throws -> Void) async throws {
        await TestGate.shared.acquire()
        do {
            try await run(partitions: partitions, poolSize: poolSize, body)
        } catch {
            await TestGate.shared.release()
            throw error
        }
        await TestGate.shared.release()
    }

    private static func run(partitions: Int, poolSize: Int, _ body: (WorkerFixture) async throws -> Void) async throws {
        let cluster = try EmbeddedKafkaCluster()
        for topic in topics { try cluster.createTopic(topic, partitions: partitions) }
        let schema = "w_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let pool = PostgresPool(configuration: PostgresConfiguration(url: databaseURL!, poolSize: poolSize, schema: schema), logger: logger)
        try await PostgresMigrator(pool: pool, logger: logger).migrate(migrations)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers))
        let fixture = WorkerFixture(cluster: cluster, pool: pool, producer: producer, schema: schema)
        do {
            try await body(fixture)
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }

    private func tearDown() async {
        await producer.shutdown()
        _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE")
        pool.shutdown()
        await cluster.shutdown()
    }

    // MARK: Configuration rows

    /// A local bot with a few FAQ entries; returns its id.
    func localBot(tenant: String, name: String = "faq", threshold: Double = 0.3) async throws -> UUID {
        let rows = try await pool.query(
            "INSERT INTO bots (tenant_id, name, provider, settings) VALUES ($1, $3, 'local', $2::jsonb) RETURNING id::text",
            [tenant, "{\"threshold\": \(threshold)}", name])
        let id = UUID(uuidString: try rows[0].decode(0, as: String.self))!
        for (question, answer) in Self.entries {
            try await pool.execute("INSERT INTO knowledge_entries (bot_id, question, answer) VALUES ($1::uuid, $2, $3)",
                                   [id.uuidString.lowercased(), question, answer])
        }
        return id
    }

    static let entries = [
        ("How long does shipping take?", "We ship within 24 hours on weekdays."),
        ("What is your return policy?", "You can return any item within 30 days for a full refund."),
        ("退货政策是什么？", "收到商品30天内可无理由退货。"),
    ]

    func bind(tenant: String, account: String, conversation: String? = nil, bot: UUID?, mode: String,
              fallback: String? = nil, keywords: [String] = []) async throws {
        try await pool.execute("""
            INSERT INTO bindings (tenant_id, account_id, conversation_id, bot_id, mode, fallback_text, handoff_keywords)
            VALUES ($1, $2, $3, $4::uuid, $5, $6, $7::text[])
            """, [tenant, account, conversation, bot?.uuidString.lowercased(), mode, fallback, keywords])
    }

    // MARK: Kafka

    static func inbound(id: String, tenant: String, account: String = "acct", conversation: String, text: String) -> String {
        let document: JSONValue = .object([
            "message_id": .string(id), "tenant_id": .string(tenant), "account_id": .string(account), "channel": .string("wecom"),
            "conversation_id": .string(conversation), "customer": .object(["id": .string("cust-\(conversation)")]),
            "content": .object(["type": .string("text"), "text": .string(text)]), "sent_at": .string("2026-11-25T02:40:00Z"),
        ])
        return String(decoding: JSONWriter.bytes(document), as: UTF8.self)
    }

    func send(id: String, tenant: String, account: String = "acct", conversation: String, text: String, headers: [KafkaHeader] = []) async throws {
        try await producer.send(topic: "cs.inbound", key: Array(conversation.utf8),
                                value: Array(Self.inbound(id: id, tenant: tenant, account: account, conversation: conversation, text: text).utf8),
                                headers: headers)
    }

    /// Reads `count` records from `topics` (from the beginning, a fresh group), or fails after `seconds`.
    func read(_ count: Int, from topics: [String], seconds: Double = 60) async throws -> [KafkaMessage] {
        try await read(from: topics, seconds: seconds) { $0.count >= count }
    }

    /// Reads records from `topics` (from the beginning, a fresh group) until `done` says so.
    func read(from topics: [String], seconds: Double = 60, until done: @escaping @Sendable ([KafkaMessage]) -> Bool) async throws -> [KafkaMessage] {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "reader-\(UUID())")
        configuration.sessionTimeoutMilliseconds = 3000
        configuration.heartbeatIntervalMilliseconds = 100
        let consumer = try KafkaConsumer(configuration: configuration, topics: topics)
        do {
            let result = try await Deadline.run(seconds, "reading records from \(topics)") {
                var result: [KafkaMessage] = []
                for await event in consumer.events {
                    if case .message(let message) = event { result.append(message) }
                    if done(result) { break }
                }
                return result
            }
            await consumer.close()
            return result
        } catch {
            await consumer.close()
            throw error
        }
    }

    /// Like `read`, but returns what arrived when `seconds` pass instead of failing, for tests
    /// that report every missing record by name.
    func collect(from topics: [String], seconds: Double, until done: @escaping @Sendable ([KafkaMessage]) -> Bool) async throws -> [KafkaMessage] {
        let collected = Collected()
        do {
            _ = try await read(from: topics, seconds: seconds) { messages in
                collected.messages.withLock { $0 = messages }
                return done(messages)
            }
        } catch is Deadline.Exceeded {}
        return collected.messages.withLock { $0 }
    }

    private final class Collected: Sendable {
        let messages = Mutex<[KafkaMessage]>([])
    }

    // MARK: Worker

    /// The worker's own provider factory (local bots from their entries).
    var providerFactory: any ProviderFactory { CatalogProviderFactory(pool: pool, httpClient: Self.httpClient) }

    /// Runs a worker (its full service group) around `body`, then shuts it down gracefully.
    /// `beforeStart` sees the runtime before any of its services runs.
    func withWorker(
        group: String = "aics-workers", factory: (any ProviderFactory)? = nil, configuration: WorkerConfiguration = WorkerConfiguration(),
        caller: ProviderCaller = ProviderCaller(), beforeStart: (WorkerRuntime) async throws -> Void = { _ in },
        _ body: (WorkerRuntime) async throws -> Void
    ) async throws {
        let catalog = StoreWorkerCatalog(bots: BotStore(pool: pool, secretBox: Self.secretBox), bindings: BindingStore(pool: pool))
        let runtime = try WorkerRuntime(
            bootstrapServers: cluster.bootstrapServers, groupID: group, pool: pool, catalog: catalog,
            factory: factory ?? CatalogProviderFactory(pool: pool, httpClient: Self.httpClient), configuration: configuration,
            caller: caller,
            tuneConsumer: { consumer in
                consumer.sessionTimeoutMilliseconds = 3000
                consumer.heartbeatIntervalMilliseconds = 100
            }, knowledgeSyncClient: Self.httpClient, logger: Self.logger)
        try await beforeStart(runtime)
        let serviceGroup = ServiceGroupRunner(services: runtime.services, logger: Self.logger)
        try await serviceGroup.run {
            try await body(runtime)
        }
    }
}

/// Runs `body` with a deadline; fails (instead of hanging) when it passes.
enum Deadline {
    static func run<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            guard let first = try await group.next(), let value = first else {
                group.cancelAll()
                throw Exceeded(description: "\(what): not done within \(seconds) s")
            }
            group.cancelAll()
            return value
        }
    }

    struct Exceeded: Error, CustomStringConvertible {
        var description: String
    }
}
