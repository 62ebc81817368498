import Providers
import Testing

@Suite("SecretScrubber: a bot's keys never come back in a provider's texts")
struct SecretScrubberTests {
    let key = "sk-proj-Zq81mXk2LpQ0vR7tY5uW3eN6"
    let knowledgeKey = "dataset-Hy7Lq2Mx9Pz4Kw1Vb8Nc5Jd3"

    @Test func wordsHoldingAKeyOrAPieceOfItAreRedacted() {
        let scrubber = SecretScrubber(secrets: [key, knowledgeKey])
        #expect(scrubber.scrub("Incorrect API key provided: \(key).") == "Incorrect API key provided: [redacted]")
        #expect(scrubber.scrub("upstream refused Authorization: Bearer \(knowledgeKey)") == "upstream refused Authorization: Bearer [redacted]")
        #expect(scrubber.scrub("{\"token\":\"\(key)\"}") == "{\"token\":\"[redacted]\"}")
        // A key cut or masked at one end, or glued to other text.
        #expect(scrubber.scrub("bad key \(key.prefix(16))***") == "bad key [redacted]")
        #expect(scrubber.scrub("bad key ***\(key.suffix(14))") == "bad key [redacted]")
        #expect(scrubber.scrub("token=\(key)&x=1 rejected") == "[redacted] rejected")
        // What is no key stays as it was, hints and masked keys included.
        for text in ["Access token is invalid", "Incorrect API key provided: sk-***uW3eN6.", "key sk-…eN6 (hint)", "retry after 2 s", ""] {
            #expect(scrubber.scrub(text) == text)
        }
    }

    @Test func failuresAndChecksAreScrubbed() {
        let scrubber = SecretScrubber(secrets: [key])
        let failure = ProviderFailure(.invalidConfiguration, message: "invalid token \(key)", status: 401, code: "invalid_api_key")
        #expect(scrubber.scrub(failure) == ProviderFailure(.invalidConfiguration, message: "invalid token [redacted]", status: 401, code: "invalid_api_key"))
        let check = CredentialCheck(items: [.init(subject: "vector store vs_1 (API key)", failure: failure), .init(subject: "model", detail: "gpt-4.1")])
        #expect(scrubber.scrub(check).description == "FAIL vector store vs_1 (API key): invalidConfiguration, HTTP 401, invalid_api_key: invalid token [redacted]\nok   model: gpt-4.1")
        #expect(SecretScrubber(secrets: []).scrub("invalid token \(key)") == "invalid token \(key)")
    }
}
