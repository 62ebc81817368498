import Foundation

// Names an operator types for providers, modes and statuses, checked the same way everywhere.

extension ProviderKind {
    public static func parse(_ text: String) throws(InputError) -> ProviderKind {
        guard let kind = ProviderKind(rawValue: text.lowercased()) else {
            throw InputError(.provider) { _ in "unknown provider '\(text)': use dify, openai or local" }
        }
        return kind
    }
}

extension Mode {
    public static func parse(_ text: String) throws(InputError) -> Mode {
        guard let mode = Mode(rawValue: text.lowercased()) else {
            throw InputError(.mode) { "unknown \($0) '\(text)': use off, assist, hosted or auto" }
        }
        return mode
    }
}

extension UnsupportedContentRoute {
    public static func parse(_ text: String) throws(InputError) -> UnsupportedContentRoute {
        guard let route = UnsupportedContentRoute(rawValue: text.lowercased()) else {
            throw InputError(.unsupportedContent) { "unknown \($0) '\(text)': use skip or handoff" }
        }
        return route
    }
}

extension ContentRule.Target {
    public static func parse(_ text: String) throws(InputError) -> ContentRule.Target {
        guard let target = ContentRule.Target(rawValue: text.lowercased()) else {
            throw InputError(.appliesTo) { "unknown \($0) '\(text)': use input or output" }
        }
        return target
    }
}

extension ContentRule.Action {
    public static func parse(_ text: String) throws(InputError) -> ContentRule.Action {
        guard let action = ContentRule.Action(rawValue: text.lowercased()) else {
            throw InputError(.action) { "unknown \($0) '\(text)': use block, replace or handoff" }
        }
        return action
    }
}

extension Bot.Status {
    /// The statuses an operator may set (the others are the provider's verdicts).
    public static func parseSettable(_ text: String) throws(InputError) -> Bot.Status {
        guard let status = Bot.Status(rawValue: text.lowercased()), [.active, .disabled].contains(status) else {
            throw InputError(.status) { "\($0) must be active or disabled" }
        }
        return status
    }
}

extension Bot {
    /// The rules a bot must meet before it is stored.
    public func validate() throws(InputError) {
        if tenantID.trimmingCharacters(in: .whitespaces).isEmpty { throw InputError(.tenant) { "\($0) must not be empty" } }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw InputError(.name) { "the bot name (\($0)) must not be empty" } }
        try limits.validate()
    }
}
