import Catalog
import Foundation
import Logging
import ServiceLifecycle

/// Writes this worker's admission figures per bot to Postgres every few seconds
/// (`bot_admission_stats`, shown by `aics bot list`), and removes them on shutdown.
public struct AdmissionReporter: Service {
    let admissions: BotAdmissions
    let store: BotLoadStore
    let workerID: String
    let interval: Duration
    let logger: Logger

    public init(admissions: BotAdmissions, store: BotLoadStore, workerID: String, interval: Duration = .seconds(5), logger: Logger) {
        self.admissions = admissions
        self.store = store
        self.workerID = workerID
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await report()
            }
        }
        try? await store.forget(workerID: workerID)
    }

    func report() async {
        let loads = admissions.snapshot().mapValues { stats in
            BotLoad(limit: stats.limit, inFlight: stats.inFlight, queued: stats.queued, waitP95Milliseconds: stats.waitP95Milliseconds)
        }
        do {
            try await store.report(workerID: workerID, loads)
        } catch {
            logger.debug("could not report admission figures", metadata: ["error": "\(error)"])
        }
    }

    /// host:pid, unique among running workers and readable in the table.
    public static var defaultWorkerID: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
