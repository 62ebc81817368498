import CCurl

/// Maps a failed transfer's `CURLcode` to the typed error callers match on.
enum CurlErrorMapping {
    static func error(
        for code: CURLcode,
        message: String,
        url: String,
        exceededLimit: Int?
    ) -> HTTPError {
        let redacted = URLRedaction.redact(url)
        let reason = URLRedaction.scrub(
            message.isEmpty ? String(cString: curl_easy_strerror(code)) : message,
            secretsOf: url
        )
        if let limit = exceededLimit { return .responseTooLarge(url: redacted, limit: limit) }
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url: redacted)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .couldNotConnect(url: redacted, reason: reason)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: redacted, reason: reason)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return .tls(url: redacted, reason: reason)
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(url: redacted, limit: -1)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
            CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionClosed(url: redacted, reason: reason)
        default:
            return .other(url: redacted, code: Int(code.rawValue), reason: reason)
        }
    }
}
