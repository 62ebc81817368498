import Foundation
import HTTP
import Providers
import Testing

@Suite("Retry hints")
struct RetryHintsTests {
    @Test func headerPrecedenceAndForms() {
        var headers = HTTPHeaders()
        headers.add("Retry-After", "Wed, 25 Nov 2026 03:00:10 GMT")
        let now = Date(timeIntervalSince1970: 1_795_575_600) // 2026-11-25 03:00:00 UTC
        #expect(RetryHints(headers: headers, now: now).retryAfter == .seconds(10))
        headers.set("Retry-After", "1.5")
        #expect(RetryHints(headers: headers).retryAfter == .milliseconds(1500))
        headers.add("retry-after-ms", "20")
        #expect(RetryHints(headers: headers).retryAfter == .milliseconds(20))
        #expect(RetryHints(headers: HTTPHeaders()).retryAfter == nil)
        #expect(RetryHints(headers: HTTPHeaders()).shouldRetry == nil)
    }

    @Test(arguments: [("12ms", 12), ("1s", 1000), ("1.4s", 1400), ("6m0s", 360_000), ("1h2m", 3_720_000)])
    func goDurations(text: String, milliseconds: Int) {
        #expect(RetryHints.goDuration(text) == .milliseconds(milliseconds))
    }

    @Test func messageHint() {
        #expect(RetryHints.delay(inMessage: "Limit 30000, Used 29500. Please try again in 1.4s. Visit ...") == .milliseconds(1400))
        #expect(RetryHints.delay(inMessage: "Please try again later.") == nil)
    }
}
