import ArgumentParser
import Catalog
import CommandSupport

/// `aics bot update`.
struct BotUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a bot: only the settings, keys and status given change.",
        discussion: """
        Keys: a key given through --api-key-file, --api-key-stdin, --knowledge-key-file, \
        AICS_BOT_API_KEY or AICS_BOT_KNOWLEDGE_KEY replaces the stored one (unset those variables \
        to keep the stored keys). A repeatable flag given replaces the whole list.
        --status active puts a bot back to work after the provider disabled it \
        (quota_exhausted, credentials_invalid) once the cause is fixed.
        Examples:
          aics bot update --tenant acme --name support --response-mode blocking
          aics bot update 3f2a... --api-key-file /run/secrets/new-dify-key
          aics bot update --tenant acme --name support --status disabled \\
              --status-reason "contract paused"
        """
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions
    @OptionGroup(title: "Which bot") var selector: BotSelector

    @Option(name: .long, help: "A new name for the bot.")
    var newName: String?

    @Option(name: .long, help: "Switch to another provider: dify, openai or local (give that provider's required settings and keys).")
    var provider: String?

    @OptionGroup(title: "Provider settings") var settings: BotSettingsOptions
    @OptionGroup(title: "API keys") var keys: BotSecretOptions
    @OptionGroup(title: "Provider back-pressure") var limits: BotLimitsOptions

    @Flag(name: .long, help: "dify: forget the stored knowledge key (and then give no --dataset-id).")
    var removeKnowledgeKey = false

    @Option(name: .long, help: "active or disabled.")
    var status: String?

    @Option(name: .long, help: "Why the status changed, shown by `bot show` and `bot list`.")
    var statusReason: String?

    @Flag(name: .long, help: "Print the bot as JSON.")
    var json = false

    func run() async throws {
        let kind = try provider.map(ProviderKind.parse)
        let newStatus = try status.map(Bot.Status.parseSettable)
        let box = try secretKey.secretBox()
        let updated = try await CatalogConnection.with(database) { pool in
            let store = BotStore(pool: pool, secretBox: box)
            var bot = try await selector.find(in: store)
            let previousSettings = bot.settings
            bot.settings = try settings.settings(for: kind ?? bot.provider, over: previousSettings)
            bot.secrets = try keys.secrets(for: bot.settings, over: bot.secrets, removeKnowledgeKey: removeKnowledgeKey)
            if let newName { bot.name = newName }
            bot.limits = try limits.limits(over: bot.limits)
            if let newStatus {
                bot.status = newStatus
                bot.statusReason = statusReason
            } else if let statusReason {
                bot.statusReason = statusReason
            }
            try await store.update(bot)
            return bot
        }
        if json {
            try JSONOutput.print(BotView(bot: updated))
        } else {
            print("updated bot \(updated.id.uuidString.lowercased())\n" + BotView(bot: updated).details)
        }
    }
}
