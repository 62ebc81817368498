import Synchronization

/// Samples the workers' CPU time and peak memory every `interval` while a run goes on, so that CPU
/// can be attributed to the steady part of the run (between two instants) afterwards.
final class ProcessSampler: Sendable {
    struct Point: Sendable {
        var time: Double
        var samples: [ProcessSample?]
    }

    private let points = Mutex<[Point]>([])
    let pids: [Int32]

    init(pids: [Int32]) {
        self.pids = pids
    }

    /// Samples until cancelled; `clock` gives seconds since the run's epoch.
    func run(interval: Duration, clock: @Sendable () -> Double) async {
        while !Task.isCancelled {
            sample(at: clock())
            try? await Task.sleep(for: interval)
        }
    }

    func sample(at time: Double) {
        let point = Point(time: time, samples: pids.map { ProcessSample.read(pid: $0) })
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

    /// Highest peak resident size seen per worker.
    var peakResidentBytes: [Int] {
        let points = points.withLock { $0 }
        return pids.indices.map { worker in points.compactMap { $0.samples[worker]?.peakResidentBytes }.max() ?? 0 }
    }
}
