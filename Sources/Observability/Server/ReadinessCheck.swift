/// One condition of `/readyz`: nil when met, else a short reason ("no partitions assigned").
public struct ReadinessCheck: Sendable {
    public var name: String
    /// How long the check may take before it counts as failed.
    public var timeout: Duration
    public var check: @Sendable () async -> String?

    public init(_ name: String, timeout: Duration = .seconds(2), check: @escaping @Sendable () async -> String?) {
        self.name = name
        self.timeout = timeout
        self.check = check
    }

    /// The check's reason, or a time-out reason; a check that hangs is cancelled.
    func evaluate() async -> String? {
        await withTaskGroup(of: String??.self) { group in
            group.addTask { .some(await check()) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .none
            }
            let first = await group.next() ?? .none
            group.cancelAll()
            return first ?? "\(name): no answer within \(timeout)"
        }
    }
}
