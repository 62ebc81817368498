import CCurl

/// Facts about the libcurl this build links against.
public enum CurlLibrary {
    /// libcurl's version line, e.g. "libcurl/7.88.1 OpenSSL/3.0.15 ...".
    public static var version: String { String(cString: curl_version()) }

    /// Whether this libcurl can negotiate HTTP/2 (built with nghttp2).
    public static var supportsHTTP2: Bool { hasFeature(CURL_VERSION_HTTP2) }

    /// Whether this libcurl speaks TLS.
    public static var supportsTLS: Bool { hasFeature(CURL_VERSION_SSL) }

    private static func hasFeature(_ bit: Int32) -> Bool {
        guard let info = aics_curl_version_info() else { return false }
        return info.pointee.features & bit != 0
    }
}
