/// The whole machine's CPU time since boot, summed over all cores, from the first line of /proc/stat.
struct MachineCPUTimes: Sendable, Equatable {
    /// user + nice + system + irq + softirq + steal, in seconds.
    var busySeconds: Double
    /// idle + iowait, in seconds.
    var idleSeconds: Double

    static func read() -> MachineCPUTimes? {
        ProcessSample.readProcFile("/proc/stat").flatMap(parse(procStat:))
    }

    /// `cpu  user nice system idle iowait irq softirq steal guest guest_nice` in clock ticks;
    /// guest time is already part of user time, so it is not added again.
    static func parse(procStat: String) -> MachineCPUTimes? {
        guard let line = procStat.split(separator: "\n", maxSplits: 1).first, line.hasPrefix("cpu ") else { return nil }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard ticks.count >= 4 else { return nil }
        func field(_ index: Int) -> Int { index < ticks.count ? ticks[index] : 0 }
        let busy = field(0) + field(1) + field(2) + field(5) + field(6) + field(7)
        let idle = field(3) + field(4)
        let perSecond = Double(ProcessSample.clockTicksPerSecond)
        return MachineCPUTimes(busySeconds: Double(busy) / perSecond, idleSeconds: Double(idle) / perSecond)
    }
}
