import Foundation
import Logging

/// The limited-provider scenario of one invocation: sized by the flags, --quick or --smoke, run
/// after the other scenarios, its tenants removed afterwards unless --keep-data.
extension BenchPipelineCommand {
    /// nil when `limited` is not among --scenarios.
    func plannedLimitedSpec() -> LimitedProviderSpec? {
        guard selectedScenarios.contains("limited") else { return nil }
        let messages = pick(limitedMessages, full: 600, quick: 300, smoke: 60)
        let rate = limitedOtherRate ?? 40
        var spec = LimitedProviderSpec(
            partitions: pick(partitions, full: 12, quick: 12, smoke: 4),
            maxInFlight: pick(maxInFlight, full: 4000, quick: 4000, smoke: 100),
            cappedMessages: messages, cappedConversations: limitedConversations ?? max(1, messages / 3),
            cappedBotMaxConcurrency: limitedBotMaxConcurrency, otherRate: rate, otherMessages: 0, otherConversations: 0)
        spec.otherMessages = LimitedProviderSpec.otherMessages(rate: rate, cappedMessages: messages, capThroughput: spec.capThroughput)
        spec.otherConversations = max(1, min(200, spec.otherMessages))
        return spec
    }

    func runLimitedScenario(database: BenchDatabase, runID: String, postgres: PostgresServerProcesses?,
                            logDirectory: URL, logger: Logger) async throws -> LimitedProviderResult? {
        guard let spec = plannedLimitedSpec() else { return nil }
        print("\n[\(spec.key)] \(spec.title): \(spec.workers) worker(s), max-in-flight \(spec.maxInFlight), \(spec.partitions) partitions; "
            + "capped bot max_concurrency \(spec.cappedBotMaxConcurrency.map(String.init) ?? "none (learned)"); "
            + "phase 1: the other tenant alone, \(spec.otherMessages) messages at \(String(format: "%.0f", spec.otherRate)) msg/s; "
            + "phase 2: \(spec.cappedMessages) capped messages over \(spec.cappedConversations) conversations at once "
            + "beside \(spec.otherMessages) more of the other tenant's")
        fflush(nil)
        let run = LimitedProviderRun(spec: spec, database: database, workerOptions: workerLaunch, runTag: "\(runID)-\(spec.key)",
                                     postgres: postgres, logDirectory: logDirectory, withTargets: !smoke, logger: logger)
        let result = try await run.run()
        print(String(format: "  capped: %.1f msg/s (%.0f%% of %.0f), 429s %d, max active %d; other p99 alone %.1f ms, beside %.1f ms (%@); %@",
                     result.cappedThroughput, result.cappedShareOfCap * 100, result.capThroughput, result.tooManyRequests,
                     result.maxObservedActive, result.otherAloneMilliseconds.p99, result.otherBesideMilliseconds.p99,
                     result.otherP99Ratio.map { String(format: "%.2fx", $0) } ?? "n/a", result.passed ? "checks ok" : "CHECKS FAILED"))
        fflush(nil)
        if !keepData {
            for tenant in [run.cappedTenant, run.otherTenant] {
                do { try await database.removeTenant(tenant) } catch { logger.warning("could not remove the run's rows: \(error)") }
            }
        }
        return result
    }
}
