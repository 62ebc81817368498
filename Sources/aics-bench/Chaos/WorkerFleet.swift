import Foundation

/// The run's `aics worker` processes, each under a stable worker id (`chaos-worker-N`, passed as
/// `--worker-id` when static membership is on): killed, drained and restarted under the same id.
final class WorkerFleet: @unchecked Sendable {
    // Touched only from the run's task (faults run one at a time).
    private(set) var workers: [WorkerProcess?]
    private let launch: @Sendable (_ slot: Int, _ generation: Int) throws -> WorkerProcess
    private var generations: [Int]
    /// Exit statuses of workers stopped by a fault or at the end (nil: killed).
    private(set) var exits: [(name: String, status: Int32?)] = []

    init(count: Int, launch: @escaping @Sendable (_ slot: Int, _ generation: Int) throws -> WorkerProcess) throws {
        self.launch = launch
        generations = Array(repeating: 1, count: count)
        workers = try (0..<count).map { try launch($0, 1) }
    }

    var count: Int { workers.count }

    func name(_ slot: Int) -> String { workers[slot]?.name ?? "worker \(slot + 1)" }

    /// SIGKILL: the worker dies at whatever instant it is in; restarted at once.
    func kill(_ slot: Int) async throws {
        guard let worker = workers[slot] else { return }
        worker.send(SIGKILL)
        _ = await worker.waitForExit(timeout: .seconds(10))
        exits.append((worker.name, nil))
        try restart(slot)
    }

    /// SIGTERM: the worker finishes its in-flight messages, commits and leaves; restarted after it exits.
    func drain(_ slot: Int, timeout: Duration) async throws -> Int32? {
        guard let worker = workers[slot] else { return nil }
        let status = await worker.stop(timeout: timeout)
        exits.append((worker.name, status))
        try restart(slot)
        return status
    }

    private func restart(_ slot: Int) throws {
        generations[slot] += 1
        workers[slot] = try launch(slot, generations[slot])
    }

    /// Restarts workers that exited on their own (not by a fault) and returns what each said last.
    func restartExited() throws -> [String] {
        var found: [String] = []
        for slot in workers.indices {
            guard let worker = workers[slot], !worker.isRunning else { continue }
            found.append("\(worker.name) (pid \(worker.pid)) exited on its own; log \(worker.logURL.path):\n\(worker.logTail(lines: 8))")
            exits.append((worker.name, nil))
            try restart(slot)
        }
        return found
    }

    /// SIGKILL to all without waiting: the run failed and no worker may outlive it.
    func killAll() {
        for case let worker? in workers { worker.send(SIGKILL) }
    }

    /// SIGTERM to all at the end; returns their exit statuses.
    func stopAll() async -> [(name: String, status: Int32?)] {
        var statuses: [(String, Int32?)] = []
        for case let worker? in workers {
            statuses.append((worker.name, await worker.stop()))
        }
        workers = workers.map { _ in nil }
        return statuses
    }
}
