import Foundation

/// CPU time and memory of one process as Linux reports them in /proc.
struct ProcessSample: Sendable, Equatable {
    /// User plus system CPU time (utime + stime of /proc/PID/stat), in seconds.
    var cpuSeconds: Double
    /// Peak resident set size (VmHWM of /proc/PID/status), in bytes.
    var peakResidentBytes: Int

    /// Reads both files; nil when the process is gone or /proc is unavailable.
    static func read(pid: Int32) -> ProcessSample? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let ticks = cpuTicks(stat: stat), let peak = kilobytes(status: status, field: "VmHWM")
        else { return nil }
        return ProcessSample(cpuSeconds: Double(ticks) / Double(clockTicksPerSecond), peakResidentBytes: peak * 1024)
    }

    static let clockTicksPerSecond = max(sysconf(Int32(_SC_CLK_TCK)), 1)

    /// utime + stime in clock ticks. The command name in parentheses may contain spaces, so the
    /// fields are counted from the last `)`: state is field 3, utime 14 and stime 15.
    static func cpuTicks(stat: String) -> Int? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// A `Name:   123 kB` line of /proc/PID/status, in kB.
    static func kilobytes(status: String, field: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return line.dropFirst(field.count + 1).split(separator: " ").first.flatMap { Int($0) }
        }
        return nil
    }
}
