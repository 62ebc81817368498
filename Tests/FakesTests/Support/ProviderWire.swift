import Foundation
import HTTP
import Providers

/// Sends the requests `Providers` builds with the real `HTTPClient` and hands back the whole
/// response, so that the pure provider code meets the fakes over real HTTP. A stream the server
/// cuts mid-way comes back with the bytes that arrived, for the accumulators to judge.
enum ProviderWire {
    static func send(_ request: HTTP.HTTPRequest) async throws -> HTTP.HTTPResponse {
        let client = try HTTPClient()
        defer { client.shutdown() }
        let response = try await client.stream(request)
        var body: [UInt8] = []
        do {
            for try await chunk in response.body { body += chunk }
        } catch HTTPError.connectionClosed {
            // The cut the test asked the fake for: keep what arrived.
        }
        return HTTP.HTTPResponse(status: response.status, headers: response.headers, body: body)
    }

    /// The events of a `text/event-stream` body, dispatched per the WHATWG rules (a block without
    /// data, like `event: ping`, is not dispatched).
    static func events(_ body: [UInt8]) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var name = "message"
        var data: [String] = []
        for line in String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if !data.isEmpty { events.append(ServerSentEvent(event: name, data: data.joined(separator: "\n"))) }
                name = "message"
                data = []
            } else if line.hasPrefix("data:") {
                data.append(String(line.dropFirst(5).drop { $0 == " " }))
            } else if line.hasPrefix("event:") {
                name = String(line.dropFirst(6).drop { $0 == " " })
            }
        }
        return events
    }

    /// A Dify stream through the accumulator; non-2xx responses are classified.
    static func difyStream(_ response: HTTP.HTTPResponse) throws(ProviderFailure) -> DifyChatResult {
        try DifyResponses.check(response)
        var accumulator = DifyStreamAccumulator()
        for event in events(response.body) where try accumulator.consume(event) == .finished { break }
        return try accumulator.finish()
    }

    /// An OpenAI stream through the accumulator; non-2xx responses are classified.
    static func openAIStream(_ response: HTTP.HTTPResponse) throws(ProviderFailure) -> ProviderAnswer {
        try OpenAIResponses.check(response)
        var accumulator = OpenAIStreamAccumulator()
        for event in events(response.body) where try accumulator.consume(event) == .finished { break }
        return try accumulator.finish().providerAnswer(requestID: response.headers["x-request-id"])
    }
}
