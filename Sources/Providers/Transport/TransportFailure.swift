import HTTP

/// Transport problems (no HTTP status to go by) as classified provider failures.
enum TransportFailure {
    /// `HTTPError` and cancellation as a `ProviderFailure`; the redacted error text is safe to keep.
    static func classify(_ error: any Error, provider: String, requestID: String? = nil) -> ProviderFailure {
        if let failure = error as? ProviderFailure { return failure }
        guard let error = error as? HTTPError else {
            if error is CancellationError {
                return ProviderFailure(.retryLater, message: "\(provider) request was cancelled", code: "cancelled", requestID: requestID)
            }
            return ProviderFailure(.retryLater, message: "\(provider) request failed: \(error)", code: "transport_error", requestID: requestID)
        }
        let code: String
        var kind = ProviderFailure.Kind.retryLater
        switch error {
        case .timedOut: code = "timeout"
        case .connectionClosed: code = "connection_closed"
        case .couldNotConnect: code = "could_not_connect"
        case .cancelled: code = "cancelled"
        case .shutDown: code = "client_shut_down"
        case .responseTooLarge: code = "response_too_large"
        case .tls: code = "tls"
        case .other: code = "transport_error"
        case .invalidURL:
            // A base URL that cannot work: retrying will not fix the bot's settings.
            code = "invalid_url"
            kind = .invalidConfiguration
        }
        return ProviderFailure(kind, message: "\(provider): \(error.description)", code: code, requestID: requestID)
    }
}
