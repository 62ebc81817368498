import Catalog
import Foundation

/// A tenant's content rules applied to one text (the customer's, or the bot's answer): words
/// matched case-insensitively anywhere; replace rules rewrite the text, a block rule stops it, a
/// handoff rule hands the conversation to a human. Block wins over handoff.
public enum ContentScreen {
    public enum Verdict: Sendable, Equatable {
        /// Go on with `text` (replacements applied).
        case pass(text: String)
        case block(ContentRule)
        case handoff(ContentRule)
    }

    public struct Result: Sendable, Equatable {
        public var verdict: Verdict
        /// Every rule that matched, for the history.
        public var fired: [ContentRule]

        public init(verdict: Verdict, fired: [ContentRule]) {
            self.verdict = verdict
            self.fired = fired
        }

        /// How the history names the rules that fired; nil when none did.
        public var label: String? { fired.isEmpty ? nil : fired.map(\.label).joined(separator: ", ") }
    }

    public static func screen(_ text: String, rules: [ContentRule], target: ContentRule.Target) -> Result {
        let matching = rules.filter { $0.appliesTo == target && !$0.word.isEmpty && text.range(of: $0.word, options: .caseInsensitive) != nil }
        if let block = matching.first(where: { $0.action == .block }) { return Result(verdict: .block(block), fired: matching) }
        if let handoff = matching.first(where: { $0.action == .handoff }) { return Result(verdict: .handoff(handoff), fired: matching) }
        var screened = text
        for rule in matching where rule.action == .replace {
            screened = screened.replacingOccurrences(of: rule.word, with: rule.replacement ?? ContentRule.defaultReplacement, options: .caseInsensitive)
        }
        return Result(verdict: .pass(text: screened), fired: matching)
    }
}
