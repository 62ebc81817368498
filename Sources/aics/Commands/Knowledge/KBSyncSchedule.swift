/// `aics kb sync --every`: runs the sync, waits the interval, again, until SIGINT or SIGTERM.
/// A signal ends the wait at once and the running sync after its current document.
enum KBSyncSchedule {
    static func repeatUntilSignal(every interval: Duration, _ sync: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await sync()
                    try? await Task.sleep(for: interval)
                }
                return false
            }
            group.addTask {
                _ = await ShutdownSignal.wait()
                return true
            }
            // Whichever ends first ends both: a signal, or a sync that threw.
            defer { group.cancelAll() }
            if try await group.next() == true { print("stopping: signal received") }
        }
    }
}
