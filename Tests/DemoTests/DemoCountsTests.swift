@testable import aics
import Testing

/// The summary counts every outcome once, by what the chat platform received.
@Suite struct DemoCountsTests {
    static func output(_ json: String) -> DemoOutcome {
        .output(DemoOutput.decode(Array(json.utf8))!)
    }

    @Test func eachOutcomeCountsOnce() {
        let outcomes: [String: DemoOutcome] = [
            "m1": Self.output(#"{"suggestion_id":"s1","status":"ok","conversation_id":"c","in_reply_to":["m1"],"text":"hi","sources":[{"title":"t","score":0.7}]}"#),
            "m2": Self.output(#"{"suggestion_id":"s2","status":"failed","error":"no_answer: x","conversation_id":"c","in_reply_to":["m2"],"text":"","sources":[]}"#),
            "m3": Self.output(#"{"reply_id":"r1","kind":"answer","conversation_id":"c","in_reply_to":["m3"],"text":"yes","sources":[]}"#),
            "m4": Self.output(#"{"reply_id":"r2","kind":"fallback","conversation_id":"c","in_reply_to":["m4"],"text":"later","sources":[]}"#),
            "m5": Self.output(#"{"reply_id":"r3","kind":"handoff","reason":"no_answer","conversation_id":"c","in_reply_to":["m5"],"text":"","sources":[]}"#),
            "m6": .skip(reason: "mode_off"),
            "m7": .deadLetter(reason: "schema"),
        ]
        let counts = DemoReport.count(outcomes, messages: 7)
        #expect(counts == DemoReport.Counts(
            messages: 7, suggestions: 1, failedSuggestions: 1, replies: 2, handoffs: 1, skips: 1, deadLetters: 1))
    }

    @Test func recordsThatAreNotOutputsAreNotDecoded() {
        #expect(DemoOutput.decode(Array("not json".utf8)) == nil)
        #expect(DemoOutput.decode(Array(#"{"text":"no ids"}"#.utf8)) == nil)
    }
}
