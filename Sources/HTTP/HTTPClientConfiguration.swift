extension HTTPClient {
    /// Settings shared by every request of one client.
    ///
    /// Proxies: libcurl reads `http_proxy`, `https_proxy` (or `HTTPS_PROXY`), `all_proxy` and
    /// `no_proxy` from the environment by itself; this client never sets a proxy option, so those
    /// variables apply to every request as they do for the `curl` command.
    /// TLS peer and host verification are always on; `caBundlePath` only changes the trust roots.
    public struct Configuration: Sendable {
        /// A PEM file of CA certificates to trust instead of the system bundle.
        public var caBundlePath: String?
        /// Largest response body accepted; a larger one fails with `HTTPError.responseTooLarge`.
        public var maxResponseBytes: Int
        /// How many body bytes a stream buffers for a slow consumer before pausing the transfer.
        public var streamBufferBytes: Int
        /// Connections per host at most (0: no limit). Transfers beyond it queue inside libcurl.
        public var maxConnectionsPerHost: Int

        public init(
            caBundlePath: String? = nil,
            maxResponseBytes: Int = 64 << 20,
            streamBufferBytes: Int = 1 << 20,
            maxConnectionsPerHost: Int = 0
        ) {
            self.caBundlePath = caBundlePath
            self.maxResponseBytes = maxResponseBytes
            self.streamBufferBytes = streamBufferBytes
            self.maxConnectionsPerHost = maxConnectionsPerHost
        }
    }
}
