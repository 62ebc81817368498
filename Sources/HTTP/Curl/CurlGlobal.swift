import CCurl

/// `curl_global_init` exactly once per process, before the first handle.
enum CurlGlobal {
    private static let initialized: Bool = aics_curl_global_init_all() == CURLE_OK

    static func initialize() -> Bool { initialized }
}
