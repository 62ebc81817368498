/// Where `aics admin` listens and how much it accepts.
public struct AdminConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the bound port is reported to `onListening`.
    public var port: Int
    /// The largest JSON body accepted (bots, bindings, previews): larger ones answer 413.
    public var maxJSONBodyBytes: Int
    /// The largest knowledge upload accepted (`POST /v1/bots/{bot_id}/knowledge`).
    public var maxKnowledgeBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maxJSONBodyBytes: Int = 64 * 1024, maxKnowledgeBodyBytes: Int = 8 * 1024 * 1024) {
        self.host = host
        self.port = port
        self.maxJSONBodyBytes = maxJSONBodyBytes
        self.maxKnowledgeBodyBytes = maxKnowledgeBodyBytes
    }
}
