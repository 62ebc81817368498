import HTTP

/// The two ways a provider client talks HTTP, with every failure classified.
struct ProviderHTTP: Sendable {
    let client: HTTPClient
    /// "Dify" or "OpenAI", for messages.
    let provider: String

    /// A whole response, whatever its status; transport errors classified.
    func execute(_ request: HTTPRequest) async throws(ProviderFailure) -> HTTPResponse {
        do {
            return try await client.execute(request)
        } catch {
            throw TransportFailure.classify(error, provider: provider)
        }
    }

    /// Opens a stream. A non-2xx status is read whole (error bodies are small) and returned as
    /// an `HTTPResponse` for the caller's classifier.
    func stream(_ request: HTTPRequest) async throws(ProviderFailure) -> OpenedStream {
        let response: HTTPStreamingResponse
        do {
            response = try await client.stream(request)
        } catch {
            throw TransportFailure.classify(error, provider: provider)
        }
        guard (200..<300).contains(response.status) else {
            var body: [UInt8] = []
            do {
                for try await chunk in response.body { body += chunk }
            } catch {
                throw TransportFailure.classify(error, provider: provider, requestID: response.headers["x-request-id"])
            }
            return .rejected(HTTPResponse(status: response.status, headers: response.headers, body: body))
        }
        return .opened(response)
    }
}

/// A stream request's outcome: the stream, or the whole error response the server sent instead.
enum OpenedStream {
    case opened(HTTPStreamingResponse)
    case rejected(HTTPResponse)
}
