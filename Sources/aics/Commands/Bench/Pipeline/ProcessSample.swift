import Foundation

/// CPU time and memory of one process as Linux reports them in /proc.
struct ProcessSample: Sendable, Equatable {
    /// User plus system CPU time (utime + stime of /proc/PID/stat), in seconds.
    var cpuSeconds: Double
    /// Peak resident set size (VmHWM of /proc/PID/status), in bytes.
    var peakResidentBytes: Int

    /// Reads both files; nil when the process is gone or /proc is unavailable.
    static func read(pid: Int32) -> ProcessSample? {
        guard let stat = readProcFile("/proc/\(pid)/stat"), let status = readProcFile("/proc/\(pid)/status"),
              let ticks = cpuTicks(stat: stat), let peak = kilobytes(status: status, field: "VmHWM")
        else { return nil }
        return ProcessSample(cpuSeconds: Double(ticks) / Double(clockTicksPerSecond), peakResidentBytes: peak * 1024)
    }

    /// /proc files report size 0, so they are read until end of file rather than by their size.
    static func readProcFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { Glibc.close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
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

    /// A `Name:\t   123 kB` line of /proc/PID/status, in kB.
    static func kilobytes(status: String, field: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
        }
        return nil
    }
}
