import Catalog
import Foundation

/// What to do with one customer message before anyone is asked.
public enum ConversationRoute: Sendable, Equatable {
    /// Record a deliberate skip (`mode_off`, `no_binding`, `unsupported_content`); nothing is published.
    case skip(reason: String)
    /// Hand off to a human without asking the bot.
    case handoff(reason: String)
    /// Ask the bot and take part as `behaviour` says.
    case ask(Behaviour)

    /// What a conversation's situation says about a message.
    public struct Facts: Sendable {
        public var contentType: String
        public var text: String
        public var control: ConversationControl
        /// The conversation's agent (the message's, else the last who wrote) is online.
        public var agentOnline: Bool
        public var now: Date

        public init(contentType: String, text: String, control: ConversationControl, agentOnline: Bool, now: Date) {
            self.contentType = contentType
            self.text = text
            self.control = control
            self.agentOnline = agentOnline
            self.now = now
        }
    }

    /// The route for a message under `binding` (nil: the account has none).
    public static func decide(binding: Binding?, facts: Facts) -> ConversationRoute {
        guard let binding else { return .skip(reason: "no_binding") }
        guard binding.mode != .off, binding.botID != nil else { return .skip(reason: "mode_off") }
        // One handoff is enough: while it stands, the customer's next messages become suggestions.
        let handedOff = facts.control.isHandedOff
        guard facts.contentType == "text" else {
            return binding.unsupportedContent == .handoff && !handedOff
                ? .handoff(reason: "unsupported_content") : .skip(reason: "unsupported_content")
        }
        if !handedOff, asksForHuman(facts.text, lowercasedKeywords: lowercasedKeywords(of: binding)) {
            return .handoff(reason: "customer_requested_human")
        }
        return .ask(Behaviour.decide(
            mode: binding.mode, control: facts.control, agentOnline: facts.agentOnline, workingHours: binding.workingHours,
            replyTimeout: binding.replyTimeout, takeoverPause: binding.takeoverPause, now: facts.now))
    }

    /// Whether the text contains one of the phrases (case-insensitive).
    public static func asksForHuman(_ text: String, keywords: [String]) -> Bool {
        asksForHuman(text, lowercasedKeywords: keywords.map { Array($0.lowercased().utf8) })
    }

    /// Compared as UTF-8 bytes of the lowercased texts (a match of whole encodings is a match of
    /// characters): this runs for every message, and String's character-wise `contains` over ten
    /// default phrases cost more than the rest of routing.
    static func asksForHuman(_ text: String, lowercasedKeywords: [[UInt8]]) -> Bool {
        let lowered = Array(text.lowercased().utf8)
        return lowercasedKeywords.contains { !$0.isEmpty && lowered.firstRange(of: $0) != nil }
    }

    /// The binding's phrases, lowercased UTF-8 (the defaults once for all).
    static func lowercasedKeywords(of binding: Binding) -> [[UInt8]] {
        binding.handoffKeywords.isEmpty ? defaultKeywords : binding.handoffKeywords.map { Array($0.lowercased().utf8) }
    }

    private static let defaultKeywords = Binding.defaultHandoffKeywords.map { Array($0.lowercased().utf8) }
}
