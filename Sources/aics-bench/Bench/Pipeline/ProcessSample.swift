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

    /// utime + stime in clock ticks (with cutime + cstime, the CPU of reaped children, when asked).
    /// The command name in parentheses may contain spaces, so the fields are counted from the last
    /// `)`: state is field 3, ppid 4, utime 14, stime 15, cutime 16 and cstime 17.
    static func cpuTicks(stat: String, includingReapedChildren: Bool = false) -> Int? {
        let fields = fieldsAfterCommand(stat: stat)
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        guard includingReapedChildren else { return user + system }
        guard fields.count > 14, let childrenUser = Int(fields[13]), let childrenSystem = Int(fields[14]) else { return nil }
        return user + system + childrenUser + childrenSystem
    }

    /// The parent's pid (field 4).
    static func parentPID(stat: String) -> Int32? {
        let fields = fieldsAfterCommand(stat: stat)
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// The command name between the first `(` and the last `)` (field 2), e.g. `postgres`.
    static func command(stat: String) -> Substring? {
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"), open < close else { return nil }
        return stat[stat.index(after: open)..<close]
    }

    private static func fieldsAfterCommand(stat: String) -> [Substring] {
        guard let close = stat.lastIndex(of: ")") else { return [] }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// The pids of all processes visible in /proc.
    static func allPIDs() -> [Int32] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var pids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let pid = Int32(name) { pids.append(pid) }
        }
        return pids
    }

    /// A `Name:\t   123 kB` line of /proc/PID/status, in kB.
    static func kilobytes(status: String, field: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
        }
        return nil
    }
}
