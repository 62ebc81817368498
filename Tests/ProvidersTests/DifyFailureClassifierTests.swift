import HTTP
import Providers
import Testing

/// Every Dify error of the API reference (A.2, A.4, A.6) lands in its failure class.
@Suite("Dify failure classification")
struct DifyFailureClassifierTests {
    @Test(arguments: [
        // /chat-messages (A.2)
        (400, "invalid_param", "query is required", ProviderFailure.Kind.badRequest),
        (400, "invalid_param", "Arg user must be provided.", .badRequest),
        (400, "invalid_param", "conversation_id must be a valid UUID", .conversationMemoryInvalid),
        (400, "app_unavailable", "App unavailable, please check your app configurations.", .invalidConfiguration),
        (400, "not_chat_app", "Please check if your app mode matches the right API route.", .invalidConfiguration),
        (400, "provider_not_initialize", "No valid model provider credentials found.", .invalidConfiguration),
        (400, "provider_quota_exceeded", "Your quota for Dify Hosted Model Provider has been exhausted.", .quotaExhausted),
        (400, "model_currently_not_support", "Dify Hosted OpenAI trial currently not support the GPT-4 model.", .invalidConfiguration),
        (400, "completion_request_error", "Completion request failed.", .retryLater),
        (400, "conversation_completed", "The conversation has ended. Please start a new conversation.", .conversationMemoryInvalid),
        (400, "bad_request", "Agent Chat App does not support blocking mode", .badRequest),
        (400, "bad_request", "Invalid JSON payload received or JSON payload is empty.", .badRequest),
        (401, "unauthorized", "Access token is invalid", .invalidConfiguration),
        (401, "unauthorized", "Authorization header must be provided and start with 'Bearer'", .invalidConfiguration),
        (403, "forbidden", "The app's API service has been disabled.", .invalidConfiguration),
        (403, "forbidden", "workflow_version_execution_not_allowed", .invalidConfiguration),
        (404, "not_found", "Conversation Not Exists.", .conversationMemoryInvalid),
        (404, "not_found", "Workflow not found.", .invalidConfiguration),
        (429, "too_many_requests", "Too many requests. Please try again later. The current maximum concurrent requests allowed is 5.", .rateLimited),
        (429, "rate_limit_error", "Rate Limit Error", .rateLimited),
        (500, "internal_server_error", "Internal Server Error, please contact support.", .retryLater),
        (502, "bad_gateway", "Bad Gateway", .retryLater),
        (503, "service_unavailable", "Service Unavailable", .retryLater),
        // knowledge API (A.6)
        (400, "dataset_not_initialized", "The dataset is still being initialized or indexing.", .retryLater),
        (400, "invalid_param", "Query cannot exceed 250 characters", .badRequest),
        (403, "forbidden", "Sorry, you have reached the knowledge base request rate limit of your subscription.", .rateLimited),
        (403, "forbidden", "Dataset api access is not enabled.", .invalidConfiguration),
        (404, "not_found", "Dataset not found.", .invalidConfiguration),
        (413, "file_too_large", "File size exceeded.", .badRequest),
    ])
    func errorResponses(status: Int, code: String, message: String, expected: ProviderFailure.Kind) {
        let body = Array(#"{"code": "\#(code)", "message": "\#(message)", "status": \#(status)}"#.utf8)
        let failure = DifyFailureClassifier.classify(status: status, body: body)
        #expect(failure.kind == expected)
        #expect(failure.code == code)
        #expect(failure.message == message)
        #expect(failure.status == status)
        #expect(failure.isRetryable == (expected == .retryLater || expected == .rateLimited))
    }

    @Test func bodyThatIsNotJSONFallsBackToTheStatus() {
        let gateway = DifyFailureClassifier.classify(status: 502, body: Array("<html>Bad Gateway</html>".utf8))
        #expect(gateway.kind == .retryLater)
        #expect(gateway.code == nil)
        #expect(DifyFailureClassifier.classify(status: 401, body: []).kind == .invalidConfiguration)
    }

    @Test func retryAfterHeaderIsHonouredWhenAGatewaySendsOne() {
        var headers = HTTPHeaders()
        headers.add("Retry-After", "3")
        let failure = DifyFailureClassifier.classify(status: 503, body: [], headers: headers)
        #expect(failure.retryAfter == .seconds(3))
    }
}
