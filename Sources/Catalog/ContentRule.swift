/// A tenant's sensitive word and what happens when it occurs (`content_rules`).
public struct ContentRule: Sendable, Equatable {
    public enum Target: String, Sendable, CaseIterable {
        /// The customer's message, before the bot is asked.
        case input
        /// The bot's answer, before anyone sees it.
        case output
    }

    public enum Action: String, Sendable, CaseIterable {
        case block, replace, handoff
    }

    public var id: Int64
    public var tenantID: String
    public var appliesTo: Target
    public var word: String
    public var action: Action
    /// replace: what the word becomes (nil: ***).
    public var replacement: String?

    public static let defaultReplacement = "***"

    public init(id: Int64 = 0, tenantID: String, appliesTo: Target, word: String, action: Action, replacement: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.appliesTo = appliesTo
        self.word = word
        self.action = action
        self.replacement = replacement
    }

    /// How the history names the rule: "output:replace#12 (word)".
    public var label: String { "\(appliesTo.rawValue):\(action.rawValue)#\(id) (\(word))" }

    /// The rules an operator may store.
    public func validate() throws(InputError) {
        if word.trimmingCharacters(in: .whitespaces).isEmpty { throw InputError(.word) { "\($0) must not be empty" } }
        if word.count > 200 { throw InputError(.word) { "\($0) must be at most 200 characters" } }
        if action != .replace, replacement != nil { throw InputError(.replacement) { "\($0) only goes with action replace" } }
    }
}
