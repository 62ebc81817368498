import Foundation
import Logging

/// The auto-mode reply-timer scenario of one invocation: sized by the flags, --quick or --smoke,
/// run last, its tenant removed afterwards unless --keep-data.
extension BenchPipelineCommand {
    func runTimerScenario(database: BenchDatabase, runID: String, postgres: PostgresServerProcesses?,
                          logDirectory: URL, logger: Logger) async throws -> TimerResult? {
        guard selectedScenarios.contains("timers") else { return nil }
        let spec = TimerRun.Spec(
            timers: pick(timers, full: 10_000, quick: 10_000, smoke: 200),
            replyTimeout: .seconds(pick(timerReplyTimeout, full: 30, quick: 20, smoke: 3)),
            partitions: pick(partitions, full: 12, quick: 12, smoke: 4),
            maxInFlight: pick(maxInFlight, full: 4000, quick: 4000, smoke: 100))
        print("\n[timers] auto mode: \(spec.timers) conversations whose online agent never answers, reply timeout \(spec.replyTimeout), "
            + "one worker, max-in-flight \(spec.maxInFlight), \(spec.partitions) partitions")
        fflush(nil)
        let run = TimerRun(spec: spec, database: database, workerOptions: workerLaunch, runTag: "\(runID)-timers", postgres: postgres,
                           logDirectory: logDirectory, logger: logger)
        let result = try await run.run()
        for line in result.lines.dropFirst(2) { print(line) }
        fflush(nil)
        if !keepData {
            do { try await database.removeTenant(run.tenant) } catch { logger.warning("could not remove the run's rows: \(error)") }
        }
        return result
    }
}
