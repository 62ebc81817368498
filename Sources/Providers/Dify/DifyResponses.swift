import Foundation
import HTTP
import JSON

/// Reads Dify's responses: 2xx bodies into results, anything else into classified failures.
public enum DifyResponses {
    /// Throws the classified failure of a non-2xx response.
    public static func check(_ response: HTTPResponse) throws(ProviderFailure) {
        guard (200..<300).contains(response.status) else {
            throw DifyFailureClassifier.classify(status: response.status, body: response.body, headers: response.headers)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, what: String) throws(ProviderFailure) -> T {
        try check(response)
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw malformed(what, response)
        }
    }

    /// The blocking `/chat-messages` answer.
    public static func chat(_ response: HTTPResponse) throws(ProviderFailure) -> DifyChatResult {
        try check(response)
        do {
            return DifyChatResult(blocking: try DifyChatResponse(json: try JSONParser.parse(response.body)))
        } catch {
            throw malformed("chat", response)
        }
    }

    private static func malformed(_ what: String, _ response: HTTPResponse) -> ProviderFailure {
        // A cut or garbled body from a proxy: the next try may get a whole one.
        ProviderFailure(.retryLater, message: "Dify's \(what) response is not valid JSON", status: response.status, code: "malformed_response")
    }

    /// `/datasets/{id}/retrieve` records as sources.
    public static func retrieve(_ response: HTTPResponse) throws(ProviderFailure) -> [ProviderSource] {
        try decode(DifyRetrieveResponse.self, response, what: "retrieve").sources
    }

    /// `/info`.
    public static func info(_ response: HTTPResponse) throws(ProviderFailure) -> DifyAppInfo {
        try decode(DifyAppInfo.self, response, what: "info")
    }
}
