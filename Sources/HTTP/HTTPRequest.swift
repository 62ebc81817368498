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

    public init(
        method: Method = .get,
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8]? = nil,
        timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }
}
