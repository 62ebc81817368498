/// One HTTP request for `HTTPClient`. Values only; the client turns it into a curl transfer.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", head = "HEAD"
    }

    public var method: Method
    /// Absolute URL, `http://` or `https://`.
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// Whole transfer, from start to last byte. Streams that must live longer set a longer one.
    public var timeout: Duration
    public var connectTimeout: Duration
    /// Fails the transfer with `HTTPError.timedOut` when no byte arrives for this long (whole
    /// seconds; nil: no limit). The guard for long streams: a dead peer is noticed long before
    /// `timeout`. libcurl averages the rate over about 5 s, so it fires up to ~6 s late; time
    /// while the consumer holds a stream paused does not count.
    public var idleTimeout: Duration?

    public init(
        method: Method = .get,
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8]? = nil,
        timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10),
        idleTimeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }
}
