import Catalog
import Conversations
import Foundation
import Testing

@Suite("ConversationRoute and Behaviour: modes, presence, working hours, takeover, handoff")
struct ConversationRouteTests {
    let bot = UUID()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func binding(_ mode: Mode, keywords: [String] = [], hours: String? = nil, timeout: Duration? = .seconds(60)) -> Binding {
        Binding(
            tenantID: "t", accountID: "a", botID: mode == .off ? nil : bot, mode: mode, handoffKeywords: keywords,
            replyTimeout: timeout, takeoverPause: .seconds(600), workingHoursJSON: hours)
    }

    func facts(_ text: String = "hi", type: String = "text", control: ConversationControl = .init(), online: Bool = true) -> ConversationRoute.Facts {
        ConversationRoute.Facts(contentType: type, text: text, control: control, agentOnline: online, now: now)
    }

    @Test func skipsWithoutBindingOrInModeOff() {
        #expect(ConversationRoute.decide(binding: nil, facts: facts()) == .skip(reason: "no_binding"))
        #expect(ConversationRoute.decide(binding: binding(.off), facts: facts()) == .skip(reason: "mode_off"))
    }

    @Test func assistAndHosted() {
        #expect(ConversationRoute.decide(binding: binding(.assist), facts: facts()) == .ask(.assist(replyTimeout: nil)))
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts()) == .ask(.hosted))
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts(online: true)) == .ask(.hosted))
    }

    @Test func autoFollowsPresence() {
        #expect(ConversationRoute.decide(binding: binding(.auto), facts: facts(online: true)) == .ask(.assist(replyTimeout: .seconds(60))))
        #expect(ConversationRoute.decide(binding: binding(.auto), facts: facts(online: false)) == .ask(.hosted))
        #expect(ConversationRoute.decide(binding: binding(.auto, timeout: nil), facts: facts()) == .ask(.assist(replyTimeout: nil)))
    }

    @Test func autoOutsideWorkingHoursIsHosted() throws {
        // 1_800_000_000 is 2027-01-15 08:00 UTC, a Friday: 16:00 in Shanghai.
        let open = #"{"timezone": "Asia/Shanghai", "days": {"fri": [["09:00", "18:00"]]}}"#
        let closed = #"{"timezone": "Asia/Shanghai", "days": {"fri": [["09:00", "12:00"]]}}"#
        let holiday = #"{"timezone": "Asia/Shanghai", "days": {"fri": [["09:00", "18:00"]]}, "holidays": ["2027-01-15"]}"#
        #expect(ConversationRoute.decide(binding: binding(.auto, hours: open), facts: facts()) == .ask(.assist(replyTimeout: .seconds(60))))
        #expect(ConversationRoute.decide(binding: binding(.auto, hours: closed), facts: facts()) == .ask(.hosted))
        #expect(ConversationRoute.decide(binding: binding(.auto, hours: holiday), facts: facts()) == .ask(.hosted))
    }

    @Test func takeoverPausesAutomaticRepliesButNotSuggestions() {
        let wrote = ConversationControl(lastAgentMessageAt: now.addingTimeInterval(-60))
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts(control: wrote)) == .ask(.assist(replyTimeout: nil)))
        #expect(ConversationRoute.decide(binding: binding(.auto), facts: facts(control: wrote, online: false)) == .ask(.assist(replyTimeout: nil)))
        // The pause (600 s) is over.
        let long = ConversationControl(lastAgentMessageAt: now.addingTimeInterval(-601))
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts(control: long)) == .ask(.hosted))
        // A release after the takeover ends the pause.
        let released = ConversationControl(takenOverAt: now.addingTimeInterval(-60), releasedAt: now.addingTimeInterval(-30))
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts(control: released)) == .ask(.hosted))
    }

    @Test func handoffKeywordsWithDefaults() {
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts("请帮我转人工")) == .handoff(reason: "customer_requested_human"))
        #expect(ConversationRoute.decide(binding: binding(.assist), facts: facts("I want a HUMAN AGENT")) == .handoff(reason: "customer_requested_human"))
        #expect(ConversationRoute.decide(binding: binding(.hosted, keywords: ["operator"]), facts: facts("转人工")) == .ask(.hosted))
        #expect(ConversationRoute.decide(binding: binding(.hosted, keywords: ["Operator"]), facts: facts("an operator please")) == .handoff(reason: "customer_requested_human"))
    }

    @Test func afterAHandoffOnlySuggestionsUntilAnAgentWritesOrARelease() {
        let handedOff = ConversationControl(handedOffAt: now.addingTimeInterval(-5))
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts(control: handedOff)) == .ask(.assist(replyTimeout: nil)))
        // No second handoff for the same wish.
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts("转人工", control: handedOff)) == .ask(.assist(replyTimeout: nil)))
        var released = handedOff
        released.apply(.release, at: now.addingTimeInterval(-1))
        #expect(ConversationRoute.decide(binding: binding(.hosted), facts: facts(control: released)) == .ask(.hosted))
    }

    @Test func contentOtherThanTextIsRouted() {
        var b = binding(.hosted)
        #expect(ConversationRoute.decide(binding: b, facts: facts("", type: "image")) == .skip(reason: "unsupported_content"))
        b.unsupportedContent = .handoff
        #expect(ConversationRoute.decide(binding: b, facts: facts("", type: "voice")) == .handoff(reason: "unsupported_content"))
        #expect(ConversationRoute.decide(binding: binding(.off), facts: facts("", type: "image")) == .skip(reason: "mode_off"))
    }

    @Test func controlIsTheSameInAnyEventOrder() {
        let changes: [(ConversationControl.Change, Date)] = [
            (.agentMessage, now.addingTimeInterval(-50)), (.takeover, now.addingTimeInterval(-40)), (.release, now.addingTimeInterval(-30)),
            (.handoff, now.addingTimeInterval(-20)), (.agentMessage, now.addingTimeInterval(-10)), (.release, now.addingTimeInterval(-45)),
        ]
        var reference = ConversationControl()
        for (change, time) in changes { reference.apply(change, at: time) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var control = ConversationControl()
            // Shuffled, and some events delivered twice.
            for (change, time) in (changes + changes.prefix(2)).shuffled(using: &generator) { control.apply(change, at: time) }
            #expect(control == reference)
        }
        #expect(!reference.isHandedOff)  // the agent wrote after the handoff
        #expect(reference.isPaused(at: now, pause: .seconds(600)))
    }

    @Test func editDistance() {
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("您好，可以退货。", "您好，30 天内可以退货。") == 5)
        #expect(EditDistance.between("same", "same") == 0)
    }
}

@Suite("ContentScreen: sensitive words replaced, blocked or handed off")
struct ContentScreenTests {
    let rules = [
        ContentRule(id: 1, tenantID: "t", appliesTo: .output, word: "guarantee", action: .replace, replacement: "promise"),
        ContentRule(id: 2, tenantID: "t", appliesTo: .output, word: "competitor", action: .block),
        ContentRule(id: 3, tenantID: "t", appliesTo: .input, word: "投诉", action: .handoff),
        ContentRule(id: 4, tenantID: "t", appliesTo: .output, word: "银行卡", action: .replace),
    ]

    @Test func replaceIsCaseInsensitiveAndEverywhere() {
        let result = ContentScreen.screen("Our GUARANTEE: guarantee and 银行卡", rules: rules, target: .output)
        #expect(result.verdict == .pass(text: "Our promise: promise and ***"))
        #expect(result.label == "output:replace#1 (guarantee), output:replace#4 (银行卡)")
    }

    @Test func blockWinsAndTargetsAreSeparate() {
        #expect(ContentScreen.screen("the competitor's guarantee", rules: rules, target: .output).verdict == .block(rules[1]))
        #expect(ContentScreen.screen("我要投诉", rules: rules, target: .input).verdict == .handoff(rules[2]))
        // Input rules do not apply to output and back.
        #expect(ContentScreen.screen("我要投诉", rules: rules, target: .output).verdict == .pass(text: "我要投诉"))
        #expect(ContentScreen.screen("competitor", rules: rules, target: .input) == ContentScreen.Result(verdict: .pass(text: "competitor"), fired: []))
    }
}
