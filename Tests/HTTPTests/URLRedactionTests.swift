@testable import HTTP
import Testing

@Test(arguments: [
    ("https://api.openai.com/v1/responses", "https://api.openai.com/v1/responses"),
    ("http://user:pa55word@127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
    ("http://token@host", "http://host"),
    ("https://h/p?api_key=sk-123&user=bob&flag", "https://h/p?api_key=***&user=***&***"),
    ("https://h/p?empty=&x=1#frag", "https://h/p?empty=&x=***"),
    ("https://u:p@h:1/a/b?q=1#f", "https://h:1/a/b?q=***"),
])
func redactsURL(_ input: String, _ expected: String) {
    #expect(URLRedaction.redact(input) == expected)
}

@Test func scrubsSecretsFromMessages() {
    let url = "http://alice:wonderland@example.com/?key=sk-abcdef&n=1"
    let message = "Failed for alice:wonderland with sk-abcdef after 1 ms"
    let scrubbed = URLRedaction.scrub(message, secretsOf: url)
    #expect(!scrubbed.contains("wonderland"))
    #expect(!scrubbed.contains("alice"))
    #expect(!scrubbed.contains("sk-abcdef"))
    #expect(scrubbed.contains("after 1 ms"))
}
