import ArgumentParser
import Catalog
import CommandSupport

/// `aics bot create`.
struct BotCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a bot for a tenant.",
        discussion: """
        Providers and what they need:
          dify    an app API key. Optional: --base-url (self-hosted), --response-mode,
                  --dataset-id with a knowledge key (for source snippets).
          openai  an API key, --model, at least one --vector-store-id.
                  Optional: --instructions, --base-url, --response-mode.
          local   nothing (answers from the knowledge entries aics keeps in
                  Postgres). Optional: --threshold.
        API keys are never flag values (they would show in `ps` and shell history): set \
        AICS_BOT_API_KEY / AICS_BOT_KNOWLEDGE_KEY, or pass --api-key-file / --knowledge-key-file, \
        or pipe the key into --api-key-stdin.
        Examples:
          AICS_BOT_API_KEY=app-... aics bot create --tenant acme \\
              --name support --provider dify
          aics bot create --tenant acme --name docs --provider openai \\
              --model gpt-4.1-mini --vector-store-id vs_123 \\
              --api-key-file /run/secrets/openai
          aics bot create --tenant acme --name faq --provider local
        Prints the new bot (its id is what `aics binding set --bot` takes).
        """
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions

    @Option(name: .long, help: "The tenant the bot belongs to.")
    var tenant: String

    @Option(name: .long, help: "A name unique within the tenant, e.g. support.")
    var name: String

    @Option(name: .long, help: "dify, openai or local.")
    var provider: String

    @OptionGroup(title: "Provider settings") var settings: BotSettingsOptions
    @OptionGroup(title: "API keys") var keys: BotSecretOptions
    @OptionGroup(title: "Provider back-pressure") var limits: BotLimitsOptions

    @Flag(name: .long, help: "Print the bot as JSON.")
    var json = false

    func run() async throws {
        let kind = try ProviderKind.parse(provider)
        let botSettings = try settings.settings(for: kind, over: nil)
        let secrets = try keys.secrets(for: botSettings, over: BotSecrets())
        let box = try secretKey.secretBox()
        let bot = Bot(tenantID: tenant, name: name, settings: botSettings, secrets: secrets, limits: try limits.limits(over: BotLimits()))
        let created = try await CatalogConnection.with(database) { pool in
            try await BotStore(pool: pool, secretBox: box).create(bot)
        }
        if json {
            try JSONOutput.print(BotView(bot: created))
        } else {
            print("created bot \(created.id.uuidString.lowercased())\n" + BotView(bot: created).details)
        }
    }
}
