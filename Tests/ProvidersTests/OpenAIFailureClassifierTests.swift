import HTTP
import Providers
import Testing

/// Every OpenAI error of the API reference (B.4, B.7) lands in its failure class.
@Suite("OpenAI failure classification")
struct OpenAIFailureClassifierTests {
    @Test(arguments: [
        (400, "invalid_request_error", "invalid_value", "tools[0].type", "Invalid value: 'file_serch'.", ProviderFailure.Kind.badRequest),
        (400, "invalid_request_error", "unknown_parameter", "temprature", "Unknown parameter: 'temprature'.", .badRequest),
        (400, "invalid_request_error", "previous_response_not_found", "previous_response_id", "Previous response with id 'resp_1' not found.", .conversationMemoryInvalid),
        (404, "invalid_request_error", nil, "previous_response_id", "Previous response with id 'resp_1' not found.", .conversationMemoryInvalid),
        (401, "invalid_request_error", "invalid_api_key", nil, "Incorrect API key provided: sk-***abcd.", .invalidConfiguration),
        (403, "invalid_request_error", "unsupported_country_region_territory", nil, "Country, region, or territory not supported", .invalidConfiguration),
        (404, "invalid_request_error", nil, nil, "No vector store found with id 'vs_missing'.", .invalidConfiguration),
        (404, "invalid_request_error", "model_not_found", "model", "The model `gpt-9` does not exist or you do not have access to it.", .invalidConfiguration),
        (408, "timeout", nil, nil, "Request timed out.", .retryLater),
        (409, "invalid_request_error", nil, nil, "Conflicting concurrent modification.", .retryLater),
        (422, "invalid_request_error", nil, nil, "Unprocessable entity.", .badRequest),
        (429, "requests", "rate_limit_exceeded", nil, "Rate limit reached for gpt-4.1 on requests per min (RPM). Please try again in 1.4s.", .rateLimited),
        (429, "tokens", "rate_limit_exceeded", nil, "Rate limit reached for gpt-4.1 on tokens per min (TPM). Please try again in 20ms.", .rateLimited),
        (429, "insufficient_quota", "insufficient_quota", nil, "You exceeded your current quota, please check your plan and billing details.", .quotaExhausted),
        (429, "insufficient_quota", "project_spend_limit_exceeded", nil, "Your project exceeded its spend limit.", .quotaExhausted),
        (500, "server_error", nil, nil, "The server had an error while processing your request.", .retryLater),
        (503, "server_error", nil, nil, "The engine is currently overloaded, please try again later.", .retryLater),
    ] as [(Int, String, String?, String?, String, ProviderFailure.Kind)])
    func errorResponses(status: Int, type: String, code: String?, param: String?, message: String, expected: ProviderFailure.Kind) throws {
        func json(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "null" }
        let body = #"{"error": {"message": "\#(message)", "type": "\#(type)", "param": \#(json(param)), "code": \#(json(code))}}"#
        var headers = HTTPHeaders()
        headers.add("x-request-id", "req_123")
        let failure = OpenAIFailureClassifier.classify(status: status, body: Array(body.utf8), headers: headers)
        #expect(failure.kind == expected)
        #expect(failure.code == (code ?? type))
        #expect(failure.message == message)
        #expect(failure.requestID == "req_123")
    }

    @Test func rateLimitDelayComesFromHeadersBeforeTheMessage() {
        let body = Array(#"{"error": {"message": "Please try again in 1.4s.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}"#.utf8)
        #expect(OpenAIFailureClassifier.classify(status: 429, body: body).retryAfter == .milliseconds(1400))
        var headers = HTTPHeaders()
        headers.add("retry-after", "2")
        #expect(OpenAIFailureClassifier.classify(status: 429, body: body, headers: headers).retryAfter == .seconds(2))
        headers.add("retry-after-ms", "250")
        #expect(OpenAIFailureClassifier.classify(status: 429, body: body, headers: headers).retryAfter == .milliseconds(250))
    }

    @Test func xShouldRetryOverridesTheDefault() {
        var noRetry = HTTPHeaders()
        noRetry.add("x-should-retry", "false")
        let quota = Array(#"{"error": {"message": "quota", "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}"#.utf8)
        let failure = OpenAIFailureClassifier.classify(status: 429, body: quota, headers: noRetry)
        #expect(failure.kind == .quotaExhausted && !failure.isRetryable)
        #expect(!OpenAIFailureClassifier.classify(status: 500, body: [], headers: noRetry).isRetryable)
        var retry = HTTPHeaders()
        retry.add("x-should-retry", "true")
        #expect(OpenAIFailureClassifier.classify(status: 400, body: [], headers: retry).isRetryable)
    }

    @Test(arguments: [
        ("server_error", ProviderFailure.Kind.retryLater),
        ("rate_limit_exceeded", .rateLimited),
        ("vector_store_timeout", .retryLater),
        ("invalid_prompt", .badRequest),
        ("insufficient_quota", .quotaExhausted),
    ])
    func streamErrors(code: String, expected: ProviderFailure.Kind) {
        #expect(OpenAIFailureClassifier.classifyStreamError(code: code, message: "x").kind == expected)
    }
}
