import Foundation

extension Binding {
    /// The rules a binding must meet before it is stored (the database checks them again).
    public func validate() throws(InputError) {
        func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespaces).isEmpty }
        if blank(tenantID) { throw InputError(.tenant) { "\($0) must not be empty" } }
        if blank(accountID) { throw InputError(.account) { "the account id (\($0)) must not be empty" } }
        if let conversationID, blank(conversationID) {
            throw InputError(.conversation) { "\($0) must not be empty (leave it out for the account-wide binding)" }
        }
        if mode != .off, botID == nil {
            let modeName = mode.rawValue
            throw InputError(.bot) { "mode \(modeName) needs \($0) (only mode off may have none)" }
        }
        // A customer waits for the window to close before anything is answered: seconds, not minutes.
        if mergeWindow < .zero || mergeWindow > .seconds(10) {
            throw InputError(.mergeWindow) { "\($0) must be between 0 and 10 seconds" }
        }
        if let replyTimeout, replyTimeout.wholeMilliseconds <= 0 {
            throw InputError(.replyTimeout) { "\($0) must be at least 1 millisecond" }
        }
        if takeoverPause < .zero { throw InputError(.takeoverPause) { "\($0) must not be negative" } }
        if takeoverPause.wholeMilliseconds > Int(Int32.max) { throw InputError(.takeoverPause) { "\($0) must be shorter than 24 days" } }
        if (replyTimeout?.wholeMilliseconds ?? 0) > Int(Int32.max) { throw InputError(.replyTimeout) { "\($0) must be shorter than 24 days" } }
        if let patience, patience < .zero { throw InputError(.patience) { "\($0) must not be negative" } }
        if (patience?.wholeMilliseconds ?? 0) > Int(Int32.max) { throw InputError(.patience) { "\($0) must be shorter than 24 days" } }
        if handoffKeywords.contains(where: blank) { throw InputError(.handoffKeywords) { "\($0) must not be empty" } }
        if let workingHoursJSON { _ = try WorkingHours(json: workingHoursJSON) }
        if let handoffText {
            if blank(handoffText) { throw InputError(.handoffText) { "\($0) must not be empty (leave it out for none)" } }
            if handoffText.count > 500 { throw InputError(.handoffText) { "\($0) must be at most 500 characters" } }
        }
        if !fallbackBotIDs.isEmpty {
            if mode == .off { throw InputError(.fallbackBots) { "mode off asks no bot: leave \($0) out" } }
            if fallbackBotIDs.count > Self.maxFallbackBots {
                throw InputError(.fallbackBots) { "\($0) may name at most \(Self.maxFallbackBots) bots" }
            }
            if let botID, fallbackBotIDs.contains(botID) {
                throw InputError(.fallbackBots) { "\($0) must not name the binding's own bot" }
            }
            if Set(fallbackBotIDs).count != fallbackBotIDs.count { throw InputError(.fallbackBots) { "\($0) names a bot twice" } }
        }
        if let holding {
            if holding.after <= .zero || holding.after > .seconds(60) { throw InputError(.holdingAfter) { "\($0) must be between 1 ms and 60 s" } }
            if blank(holding.text) { throw InputError(.holdingText) { "\($0) must not be empty" } }
            if holding.text.count > 500 { throw InputError(.holdingText) { "\($0) must be at most 500 characters" } }
        }
    }
}
