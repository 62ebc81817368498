/// An HTTP/1.1 and HTTP/2 client on libcurl's multi interface.
///
/// One thread drives every transfer of the client through libcurl's event API and epoll, so
/// thousands of requests can be in flight at once at a cost per event that does not grow with
/// them; connections are kept and reused (in a few independent pools, see `CurlMultiShard`),
/// HTTP/2 is negotiated over TLS when the server offers it and its streams are multiplexed.
/// Async callers never block a thread of the cooperative pool. Cancelling the calling Task aborts
/// the transfer at once.
/// Proxies come from the usual environment variables (see `Configuration`). Redirects are not
/// followed: a 3xx comes back as the response.
///
/// Create one client per process and call `shutdown()` when done (deinit does it too).
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    let loop: CurlMultiLoop
    private let easyHandles = CurlEasyPool()

    public init(configuration: Configuration = .init()) throws {
        self.configuration = configuration
        loop = try CurlMultiLoop(maxConnectionsPerHost: configuration.maxConnectionsPerHost)
    }

    deinit {
        loop.shutdown()
    }

    /// Sends `request` and returns the whole response, whatever its status.
    /// - Throws: `HTTPError`.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = try CurlTransfer(request: request, configuration: configuration, handles: easyHandles)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.delivery = .whole(continuation)
                submit(transfer)
            }
        } onCancel: {
            loop.submit(.cancel(transfer))
        }
    }

    /// Sends `request` and returns once the status line and headers arrived; the body follows
    /// through the returned stream. The request's `timeout` covers the whole stream.
    /// - Throws: `HTTPError`.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let transfer = try CurlTransfer(request: request, configuration: configuration, handles: easyHandles)
        let channel = BodyChannel(highWater: configuration.streamBufferBytes)
        // Owns the abort-on-drop from here on, also when the head never arrives.
        let handle = StreamHandle(transfer: transfer, channel: channel, client: self)
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.delivery = .stream(head: continuation, body: channel)
                submit(transfer)
            }
        } onCancel: {
            loop.submit(.cancel(transfer))
        }
        return HTTPStreamingResponse(status: head.status, headers: head.headers, body: HTTPBodyStream(handle: handle))
    }

    /// Stops the client's thread; transfers still running fail with `HTTPError.shutDown`, and so
    /// does every later request. Returns without waiting for the thread.
    public func shutdown() {
        loop.shutdown()
    }

    private func submit(_ transfer: CurlTransfer) {
        if !loop.submit(.add(transfer)) {
            transfer.fail(.shutDown(url: transfer.redactedURL))
        }
    }
}
