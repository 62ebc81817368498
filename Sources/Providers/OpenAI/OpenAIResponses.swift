import Foundation
import HTTP

/// Reads OpenAI's responses: 2xx bodies into results, anything else into classified failures,
/// keeping `x-request-id` for support.
public enum OpenAIResponses {
    public static func check(_ response: HTTPResponse) throws(ProviderFailure) {
        guard (200..<300).contains(response.status) else {
            throw OpenAIFailureClassifier.classify(status: response.status, body: response.body, headers: response.headers)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, what: String) throws(ProviderFailure) -> T {
        try check(response)
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw ProviderFailure(
                .retryLater, message: "OpenAI's \(what) response is not valid JSON", status: response.status,
                code: "malformed_response", requestID: response.headers["x-request-id"])
        }
    }

    /// A blocking `/v1/responses` answer.
    public static func answer(_ response: HTTPResponse) throws(ProviderFailure) -> ProviderAnswer {
        var answer = try decode(OpenAIResponse.self, response, what: "responses").providerAnswer(requestID: response.headers["x-request-id"])
        answer.rateLimit = RateLimitStatus(headers: response.headers)
        return answer
    }

    /// `/v1/vector_stores/{id}/search` results as sources.
    public static func searchSources(_ response: HTTPResponse) throws(ProviderFailure) -> [ProviderSource] {
        try decode(OpenAIVectorStoreSearchPage.self, response, what: "vector store search").sources
    }

    /// `/v1/vector_stores/{id}`.
    public static func vectorStore(_ response: HTTPResponse) throws(ProviderFailure) -> OpenAIVectorStore {
        try decode(OpenAIVectorStore.self, response, what: "vector store")
    }
}
