/// Why an HTTP transfer failed.
///
/// Every case carries the request URL as `URLRedaction.redact` prints it: no `user:password@`,
/// every query value replaced by `***`. Reasons come from libcurl's error buffer, scrubbed of the
/// URL's secrets. So the error text is safe to log.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is malformed or not `http`/`https`.
    case invalidURL(url: String)
    /// DNS, TCP connect or proxy connect failed.
    case couldNotConnect(url: String, reason: String)
    /// The connect timeout or the total timeout of the request passed.
    case timedOut(url: String, reason: String)
    /// TLS handshake or certificate verification failed.
    case tls(url: String, reason: String)
    /// The caller's Task was cancelled (or the body stream was dropped) before the transfer ended.
    case cancelled(url: String)
    /// The body exceeded the client's `maxResponseBytes`.
    case responseTooLarge(url: String, limit: Int)
    /// The peer closed or reset the connection before the whole response arrived.
    case connectionClosed(url: String, reason: String)
    /// The client was shut down before or during the transfer.
    case shutDown(url: String)
    /// Any other libcurl failure; `code` is the `CURLcode`.
    case other(url: String, code: Int, reason: String)

    /// The redacted URL of the failed request.
    public var url: String {
        switch self {
        case .invalidURL(let url), .cancelled(let url), .shutDown(let url),
            .couldNotConnect(let url, _), .timedOut(let url, _), .tls(let url, _),
            .responseTooLarge(let url, _), .connectionClosed(let url, _), .other(let url, _, _):
            url
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL \(url)"
        case .couldNotConnect(let url, let reason): "could not connect to \(url): \(reason)"
        case .timedOut(let url, let reason): "request to \(url) timed out: \(reason)"
        case .tls(let url, let reason): "TLS failure with \(url): \(reason)"
        case .cancelled(let url): "request to \(url) was cancelled"
        case .responseTooLarge(let url, let limit): "response from \(url) exceeds \(limit) bytes"
        case .connectionClosed(let url, let reason): "connection to \(url) closed early: \(reason)"
        case .shutDown(let url): "HTTP client shut down during request to \(url)"
        case .other(let url, let code, let reason): "request to \(url) failed (curl \(code)): \(reason)"
        }
    }
}
