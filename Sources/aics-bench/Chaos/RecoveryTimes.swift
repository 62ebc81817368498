/// How long the flow of outputs took to recover from each fault. Pure arithmetic on times
/// (seconds since the run's epoch), so the definitions are tested with plain numbers.
///
/// - Backlog: messages produced minus messages with a first output, sampled every 100 ms. Its
///   normal level is the 25th percentile over the load phase (faults come every few seconds, so
///   a quieter baseline does not exist). A fault has disturbed the flow once the backlog exceeds
///   normal plus `tolerance` seconds of offered load within `reach` seconds after it; it has
///   recovered when the backlog falls back under that line: outputs flow at the normal rate again
///   and have caught up. Recovery 0: the fault never pushed the backlog over the line.
/// - Partition stall: the longest silence of any suggestions or replies partition that ends after the fault
///   (within `reach` seconds): how long some conversations got nothing. With steady load every
///   partition gets outputs many times a second, so a long silence is a stall.
struct RecoveryTimes {
    /// Produce time of each message that gets an output, sorted.
    var produced: [Double]
    /// First-output arrival of each of those messages, sorted.
    var answered: [Double]
    /// First-output arrivals per output partition, each sorted.
    var partitionArrivals: [[Double]]
    /// Offered messages per second.
    var rate: Double
    /// Arrivals after this (the end of the load plus a margin) are not silences of the flow:
    /// e.g. an answer that a hanging provider held for its whole timeout.
    var horizon: Double = .infinity
    var tolerance = 0.5
    var reach = 30.0
    var step = 0.1

    struct Recovery: Sendable, Codable, Equatable {
        /// Seconds from the fault until the backlog was normal again; nil: not within the run.
        var recoverySeconds: Double?
        /// The longest partition silence ending after the fault, in seconds.
        var longestStallSeconds: Double
        /// The highest backlog after the fault, in messages.
        var peakBacklog: Int
    }

    func recovery(after start: Double) -> Recovery {
        let threshold = normalBacklog + max(1, rate * tolerance)
        let end = max(answered.last ?? start, produced.last ?? start)
        var disturbedAt: Double?
        var recoveredAt: Double?
        var peak = 0
        var time = start
        while time <= end + step {
            let level = backlog(at: time)
            peak = max(peak, level)
            if disturbedAt == nil {
                if Double(level) > threshold { disturbedAt = time }
                else if time > start + reach { break }
            } else if Double(level) <= threshold {
                recoveredAt = time
                break
            }
            time += step
        }
        let recovery: Double? = disturbedAt == nil ? 0 : recoveredAt.map { $0 - start }
        return Recovery(recoverySeconds: recovery, longestStallSeconds: longestStall(after: start), peakBacklog: peak)
    }

    /// The backlog's 25th percentile between the first and the last produce time.
    var normalBacklog: Double {
        guard let first = produced.first, let last = produced.last, last > first else { return 0 }
        var levels: [Int] = []
        var time = first
        while time <= last {
            levels.append(backlog(at: time))
            time += step
        }
        levels.sort()
        return Double(levels[levels.count / 4])
    }

    func backlog(at time: Double) -> Int {
        count(produced, atOrBefore: time) - count(answered, atOrBefore: time)
    }

    func longestStall(after start: Double) -> Double {
        var longest = 0.0
        for arrivals in partitionArrivals where !arrivals.isEmpty {
            // Silences that end after the fault and begin before `reach` is over.
            var previous: Double?
            for arrival in arrivals where arrival <= horizon {
                defer { previous = arrival }
                guard let previous, arrival > start, previous < start + reach else { continue }
                longest = max(longest, arrival - max(previous, start))
            }
        }
        return longest
    }

    /// How many of the sorted `times` are at or before `time` (binary search).
    private func count(_ times: [Double], atOrBefore time: Double) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
