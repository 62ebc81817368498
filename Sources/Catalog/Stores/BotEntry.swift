/// A bot as listed by `BotStore.entries`: its secrets could be opened, or not (then empty).
public struct BotEntry: Sendable, Equatable {
    public var bot: Bot
    /// Why the secrets could not be opened (`CatalogError.secretsUnreadable`); nil when they were.
    public var secretsError: CatalogError?

    public var secretsReadable: Bool { secretsError == nil }

    public init(bot: Bot, secretsError: CatalogError?) {
        self.bot = bot
        self.secretsError = secretsError
    }
}
