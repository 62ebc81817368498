import Providers

extension BotAdmissionState.Signal {
    /// What an answer or a failure says about the bot's load. A concurrency 429 (Dify's
    /// `too_many_requests`: "The current maximum concurrent requests allowed is 10") and a rate
    /// 429 (OpenAI's `rate_limit_exceeded`, Dify's `rate_limit_error`) mean "wait"; quota,
    /// credentials, 5xx and timeouts say nothing about load and are the circuit breaker's.
    public init(_ outcome: Result<ProviderAnswer, ProviderFailure>) {
        switch outcome {
        case .success(let answer):
            if let wait = answer.rateLimit?.exhaustedFor {
                self = .exhausted(for: wait)
            } else {
                self = .answered
            }
        case .failure(let failure) where failure.kind == .rateLimited:
            if failure.code == "too_many_requests" {
                self = .overloaded(statedCap: Self.statedCap(in: failure.message))
            } else {
                self = .rateLimited(retryAfter: failure.retryAfter)
            }
        case .failure:
            self = .unused
        }
    }

    /// The number in "... concurrent requests allowed is 10" (Dify's wording), if present.
    static func statedCap(in message: String) -> Int? {
        guard let range = message.range(of: "allowed is ") else { return nil }
        return Int(message[range.upperBound...].prefix(while: \.isNumber))
    }

    /// "Wait and try again": not a failure of the provider, not an attempt of the message.
    var meansWait: Bool {
        switch self {
        case .overloaded, .rateLimited: true
        case .answered, .exhausted, .unused: false
        }
    }
}
