/// Per-request time limits of a provider client, from configuration.
public struct ProviderTimeouts: Sendable, Equatable {
    /// A blocking answer, from request to last byte.
    public var blocking: Duration
    /// A whole streamed answer.
    public var streaming: Duration
    /// A stream silent this long is dead (Dify pings every ~10 s); nil: no idle limit.
    public var streamIdle: Duration?
    /// Source lookups and credential checks.
    public var lookup: Duration
    public var connect: Duration

    public init(
        blocking: Duration = .seconds(100), streaming: Duration = .seconds(300), streamIdle: Duration? = .seconds(45),
        lookup: Duration = .seconds(30), connect: Duration = .seconds(10)
    ) {
        self.blocking = blocking
        self.streaming = streaming
        self.streamIdle = streamIdle
        self.lookup = lookup
        self.connect = connect
    }

}
