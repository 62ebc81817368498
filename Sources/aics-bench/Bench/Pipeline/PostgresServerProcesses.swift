/// The processes of the Postgres server the benchmark uses, when it runs on this machine: the
/// postmaster and its children (backends, checkpointer, WAL writer, autovacuum...).
///
/// Found from the pid of one of the benchmark's own backends (`SELECT pg_backend_pid()`): when
/// /proc has that pid with the command name `postgres`, its parent is the postmaster. Other Postgres
/// servers on the machine are not counted; a remote server (or one in another pid namespace) is
/// not found and its CPU is reported as unknown.
struct PostgresServerProcesses: Sendable, Equatable {
    let postmasterPID: Int32

    /// The server of `backendPID`, or nil when that pid is not a local Postgres backend.
    static func locate(backendPID: Int32) -> PostgresServerProcesses? {
        guard let backend = ProcessSample.readProcFile("/proc/\(backendPID)/stat"),
              ProcessSample.command(stat: backend) == "postgres",
              let parent = ProcessSample.parentPID(stat: backend),
              let postmaster = ProcessSample.readProcFile("/proc/\(parent)/stat"),
              ProcessSample.command(stat: postmaster) == "postgres"
        else { return nil }
        return PostgresServerProcesses(postmasterPID: parent)
    }

    /// CPU seconds the server has used: the postmaster's own and its reaped children's (backends
    /// that exited), plus the live children's. A backend that exits between two readings moves
    /// from the second part to the first, so the sum keeps growing smoothly.
    func cpuSeconds() -> Double? {
        guard let postmaster = ProcessSample.readProcFile("/proc/\(postmasterPID)/stat"),
              var ticks = ProcessSample.cpuTicks(stat: postmaster, includingReapedChildren: true)
        else { return nil }
        for child in childPIDs() {
            if let stat = ProcessSample.readProcFile("/proc/\(child)/stat"), let childTicks = ProcessSample.cpuTicks(stat: stat) {
                ticks += childTicks
            }
        }
        return Double(ticks) / Double(ProcessSample.clockTicksPerSecond)
    }

    /// The postmaster's children from /proc/PID/task/PID/children, or by scanning /proc for
    /// processes whose parent it is when the kernel does not offer that file.
    private func childPIDs() -> [Int32] {
        if let list = ProcessSample.readProcFile("/proc/\(postmasterPID)/task/\(postmasterPID)/children") {
            return list.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int32($0) }
        }
        return ProcessSample.allPIDs().filter { pid in
            ProcessSample.readProcFile("/proc/\(pid)/stat").flatMap(ProcessSample.parentPID(stat:)) == postmasterPID
        }
    }
}
