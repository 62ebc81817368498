import Catalog
import Foundation
import Pipeline
import Providers
import Testing

@Suite("ReplyPlanner: outputs without I/O")
struct ReplyPlannerTests {
    let bot = UUID()

    let answer = ProviderAnswer(
        text: "We ship in 24 h.", sources: [ProviderSource(title: "Shipping", snippet: "24 h", score: nil, documentID: "kb-1")],
        usage: nil, ids: ProviderIDs(), memory: nil)

    @Test func answers() {
        let suggestion = ReplyPlanner.draft(mode: .assist, result: .success(answer), fallbackText: nil)
        #expect(suggestion.kind == .suggestion && suggestion.text == "We ship in 24 h." && suggestion.sources.first?.score == 0)
        #expect(ReplyPlanner.draft(mode: .hosted, result: .success(answer), fallbackText: nil).kind == .answer)
        var empty = answer
        empty.text = "  "
        #expect(ReplyPlanner.draft(mode: .hosted, result: .success(empty), fallbackText: "sorry").kind == .handoff)
    }

    @Test func failures() {
        let down = ProviderFailure(.retryLater, message: "bad gateway", status: 502)
        let fallback = ReplyPlanner.draft(mode: .hosted, result: .failure(down), fallbackText: "We will get back to you.")
        #expect(fallback.kind == .fallback && fallback.text == "We will get back to you." && fallback.reason == "provider_failing")
        let handoff = ReplyPlanner.draft(mode: .hosted, result: .failure(down), fallbackText: nil)
        #expect(handoff.kind == .handoff && handoff.reason == "provider_failing")
        let failed = ReplyPlanner.draft(mode: .assist, result: .failure(down), fallbackText: "x")
        #expect(failed.kind == .suggestionFailed && failed.reason?.contains("HTTP 502") == true && failed.text.isEmpty)
        let none = ProviderFailure(.noAnswer, message: "nothing relevant")
        #expect(ReplyPlanner.draft(mode: .hosted, result: .failure(none), fallbackText: "x") == .init(kind: .handoff, reason: "no_answer", text: "", sources: []))
        #expect(ReplyPlanner.draft(mode: .assist, result: .failure(none), fallbackText: nil).kind == .suggestionFailed)
    }
}
