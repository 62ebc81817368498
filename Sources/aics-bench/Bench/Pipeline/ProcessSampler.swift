import Synchronization

/// Samples the workers' CPU time and peak memory every `interval` while a run goes on, with this
/// process's CPU, the local Postgres server's and the machine's, so that CPU can be attributed to
/// the steady part of the run (between two instants) afterwards.
final class ProcessSampler: Sendable {
    struct Point: Sendable {
        var time: Double
        var samples: [ProcessSample?]
        /// This benchmark process's utime + stime, in seconds.
        var benchCPU: Double?
        /// The Postgres server's CPU seconds; nil when it is not local.
        var postgresCPU: Double?
        var machine: MachineCPUTimes?
    }

    private let points = Mutex<[Point]>([])
    let pids: [Int32]
    let postgres: PostgresServerProcesses?

    init(pids: [Int32], postgres: PostgresServerProcesses? = nil) {
        self.pids = pids
        self.postgres = postgres
    }

    /// Samples until cancelled; `clock` gives seconds since the run's epoch.
    func run(interval: Duration, clock: @Sendable () -> Double) async {
        while !Task.isCancelled {
            sample(at: clock())
            try? await Task.sleep(for: interval)
        }
    }

    func sample(at time: Double) {
        let point = Point(
            time: time, samples: pids.map { ProcessSample.read(pid: $0) },
            benchCPU: ProcessSample.readProcFile("/proc/self/stat").flatMap { ProcessSample.cpuTicks(stat: $0) }
                .map { Double($0) / Double(ProcessSample.clockTicksPerSecond) },
            postgresCPU: postgres?.cpuSeconds(), machine: MachineCPUTimes.read())
        points.withLock { $0.append(point) }
    }

    /// CPU seconds of each worker between `from` and `to` (nearest samples at or outside the window).
    func cpuSeconds(from: Double, to: Double) -> [Double] {
        let points = points.withLock { $0 }
        return pids.indices.map { worker in
            let known = points.compactMap { point in point.samples[worker].map { (point.time, $0.cpuSeconds) } }
            let start = known.last { $0.0 <= from } ?? known.first
            let end = known.first { $0.0 >= to } ?? known.last
            guard let start, let end else { return 0 }
            return max(0, end.1 - start.1)
        }
    }

    /// The machine's CPU split between the samples at or just outside `from` and `to`; nil
    /// without two samples of /proc/stat.
    func cpuShare(from: Double, to: Double) -> CPUShare? {
        let points = points.withLock { $0 }.filter { $0.machine != nil }
        guard let start = points.last(where: { $0.time <= from }) ?? points.first,
              let end = points.first(where: { $0.time >= to }) ?? points.last,
              let startMachine = start.machine, let endMachine = end.machine, start.time < end.time
        else { return nil }
        func delta(_ value: (Point) -> Double?) -> Double? {
            guard let before = value(start), let after = value(end) else { return nil }
            return max(0, after - before)
        }
        let workers = pids.indices.reduce(0.0) { sum, worker in
            sum + (delta { $0.samples[worker]?.cpuSeconds } ?? 0)
        }
        return CPUShare.split(
            workers: workers, bench: delta(\.benchCPU) ?? 0, postgres: postgres == nil ? nil : delta(\.postgresCPU),
            machineBusy: max(0, endMachine.busySeconds - startMachine.busySeconds),
            machineIdle: max(0, endMachine.idleSeconds - startMachine.idleSeconds))
    }

    /// Highest peak resident size seen per worker.
    var peakResidentBytes: [Int] {
        let points = points.withLock { $0 }
        return pids.indices.map { worker in points.compactMap { $0.samples[worker]?.peakResidentBytes }.max() ?? 0 }
    }
}
