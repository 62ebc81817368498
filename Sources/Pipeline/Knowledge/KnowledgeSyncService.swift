import Catalog
import Foundation
import HTTP
import KnowledgeSync
import Logging
import Postgres
import ServiceLifecycle

/// Runs the knowledge syncs asked for through the admin API, in every worker: scheduled syncs
/// that fell due become requests, and each request is taken by one worker (`SyncRequestStore`,
/// FOR UPDATE SKIP LOCKED) and run under the bot's advisory lock like `aics kb sync`. A request
/// whose worker died is taken again after its lease; after three takes it fails.
public final class KnowledgeSyncService: Service, Sendable {
    public static let maxAttempts = 3

    let requests: SyncRequestStore
    let pool: PostgresPool
    let catalog: any WorkerCatalog
    let httpClient: HTTPClient
    let pollInterval: Duration
    let lease: Duration
    let logger: Logger

    public init(
        pool: PostgresPool, catalog: any WorkerCatalog, httpClient: HTTPClient, logger: Logger,
        pollInterval: Duration = .seconds(2), lease: Duration = .seconds(1800)
    ) {
        self.requests = SyncRequestStore(pool: pool)
        self.pool = pool
        self.catalog = catalog
        self.httpClient = httpClient
        self.pollInterval = pollInterval
        self.lease = lease
        self.logger = logger
    }

    public func run() async throws {
        await DuePoller.run("knowledge syncs", interval: pollInterval, logger: logger) { try await step() }
    }

    /// Queues due schedules and runs one request; true when there was one (more may be waiting).
    func step() async throws -> Bool {
        try await requests.queueDueSchedules()
        guard let claimed = try await requests.claim(lease: lease) else { return false }
        try await perform(claimed)
        return true
    }

    private func perform(_ claimed: SyncRequestStore.Claimed) async throws {
        let metadata: Logger.Metadata = ["bot": "\(claimed.botID)", "target": "\(claimed.target)", "request": "\(claimed.id)"]
        func fail(_ reason: String, report: SyncReport? = nil) async throws {
            logger.warning("knowledge sync failed", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
            try await requests.finish(claimed.id, succeeded: false, error: reason, report: report)
        }
        guard claimed.attempts <= Self.maxAttempts else {
            return try await fail("gave up after \(Self.maxAttempts) attempts: the workers that took it ended before the sync did")
        }
        guard let bot = try await catalog.bot(id: claimed.botID) else { return try await fail("the bot no longer exists") }
        guard let choice = SyncTargetChoice.stored(bot, stateKey: claimed.target) else {
            return try await fail("bot \(bot.name) no longer has \(claimed.target) among its datasets or vector stores")
        }
        guard let files = try await requests.files(botID: bot.id, target: claimed.target) else {
            return try await fail("nothing was uploaded for \(claimed.target)")
        }
        let documents: [SourceDocument]
        do {
            documents = try files.map { file throws(SourceError) in try SourceReader.document(uploaded: file) }
        } catch {
            return try await fail("the uploaded source does not parse: \(error)")
        }
        let target = choice.makeTarget(bot: bot, httpClient: httpClient, pool: pool)
        let runner = SyncRunner(engine: KnowledgeSyncEngine(target: target, pool: pool, botID: bot.id), pool: pool, botID: bot.id)
        logger.info("knowledge sync started", metadata: metadata.merging(["documents": "\(documents.count)"]) { $1 })
        let outcome: SyncRunner.Outcome
        do {
            outcome = try await runner.run(source: documents, sourceLabel: "admin API request \(claimed.id)", dryRun: false)
        } catch let error as PostgresError {
            throw error  // an outage: the lease brings the request back
        } catch {
            return try await fail("the sync stopped: \(error)")
        }
        switch outcome {
        case .busy:
            // `aics kb sync` or another worker is syncing the bot: try again shortly.
            try await requests.postpone(claimed.id, after: .seconds(30))
        case .finished(_, let report) where !report.succeeded:
            try await fail("\(report.failed) document(s) failed", report: report)
        case .finished(_, let report):
            logger.info("knowledge sync finished", metadata: metadata.merging([
                "added": "\(report.added)", "updated": "\(report.updated)", "removed": "\(report.removed)", "unchanged": "\(report.unchanged)",
            ]) { $1 })
            try await requests.finish(claimed.id, succeeded: true, error: nil, report: report)
        case .notDue, .planned:
            try await requests.finish(claimed.id, succeeded: true, error: nil, report: nil)
        }
    }
}
