import ArgumentParser
import Catalog
import CommandSupport

/// `aics bot show`.
struct BotShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one bot: settings, key hints, status and how many bindings use it.",
        discussion: "Examples:\n  aics bot show 3f2a...\n  aics bot show --tenant acme --name support"
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions
    @OptionGroup(title: "Which bot") var selector: BotSelector

    @Flag(name: .long, help: "Print the bot as JSON.")
    var json = false

    func run() async throws {
        let box = try secretKey.secretBox()
        let view = try await CatalogConnection.with(database) { pool in
            let bot = try await selector.find(in: BotStore(pool: pool, secretBox: box))
            let bindings = try await BindingStore(pool: pool).list(tenantID: bot.tenantID).filter { $0.botID == bot.id }
            return BotView(bot: bot, bindings: bindings.count)
        }
        if json {
            try JSONOutput.print(view)
        } else {
            print(view.details)
        }
    }
}
