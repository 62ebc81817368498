import Foundation

/// Everything one `aics bench pipeline` invocation measured, with the machine and the targets of
/// issue 7; written as JSON and printed as a table.
struct BenchReport: Sendable, Codable {
    var startedAt: String
    var command: String
    var build: String
    var machine: Machine
    var scenarios: [ScenarioResult]
    /// Scenario 2 throughput over scenario 3 (one in flight per partition).
    var baselineRatio: Double?
    /// Three workers' throughput over one worker's in scenario 4.
    var scalingFactor: Double?
    var targets: [Target]
    /// The limited-provider scenario (issue 15), when it ran.
    var limitedProvider: LimitedProviderResult? = nil
    /// The auto-mode reply-timer scenario (issue 12), when it ran.
    var timers: TimerResult? = nil

    struct Machine: Sendable, Codable {
        var cpus: Int
        var model: String

        static var current: Machine {
            let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
                .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
            return Machine(cpus: ProcessInfo.processInfo.activeProcessorCount, model: model)
        }
    }

    struct Target: Sendable, Codable {
        var name: String
        var goal: String
        var measured: String
        var met: Bool
    }

    var passed: Bool { scenarios.allSatisfy(\.passed) && (limitedProvider?.passed ?? true) && (timers?.passed ?? true) }

    func scenario(_ key: String) -> ScenarioResult? { scenarios.first { $0.key == key } }

    /// The targets of issue 7 that the scenarios present in this run can speak to.
    static func targets(_ results: [ScenarioResult], ratio: Double?, scaling: Double?) -> [Target] {
        var targets: [Target] = []
        if let instant = results.first(where: { $0.key == "instant" }) {
            targets.append(Target(name: "instant provider, one worker: throughput", goal: ">= 10000 msg/s",
                                  measured: String(format: "%.0f msg/s", instant.throughput), met: instant.throughput >= 10_000))
            targets.append(Target(name: "instant provider, one worker: CPU per message", goal: "<= 100 µs",
                                  measured: String(format: "%.0f µs", instant.cpuMicrosecondsPerMessage), met: instant.cpuMicrosecondsPerMessage <= 100))
        }
        if let slow = results.first(where: { $0.key == "slow" }) {
            let share = slow.littleShare ?? 0
            targets.append(Target(name: "1 s provider: share of the Little's-law limit", goal: ">= 95%",
                                  measured: String(format: "%.1f%%", share * 100), met: share >= 0.95))
            targets.append(Target(name: "1 s provider: pipeline overhead p99", goal: "< 50 ms",
                                  measured: String(format: "%.1f ms", slow.overheadMilliseconds.p99), met: slow.overheadMilliseconds.p99 < 50))
            let peak = slow.peakResidentMiB.max() ?? 0
            targets.append(Target(name: "1 s provider: peak memory of the worker", goal: "< 256 MiB",
                                  measured: String(format: "%.0f MiB", peak), met: peak < 256))
        }
        if let ratio {
            targets.append(Target(name: "against one in flight per partition", goal: ">= 100x",
                                  measured: String(format: "%.0fx", ratio), met: ratio >= 100))
        }
        if let scaling {
            targets.append(Target(name: "three workers against one", goal: ">= 2.7x",
                                  measured: String(format: "%.2fx", scaling), met: scaling >= 2.7))
        }
        return targets
    }
}
