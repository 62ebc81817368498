import ArgumentParser
import Catalog
import CommandSupport

/// `aics bot delete`.
struct BotDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a bot. Refused while bindings use it: remove or rebind those first (`aics binding list`)."
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions
    @OptionGroup(title: "Which bot") var selector: BotSelector

    func run() async throws {
        let box = try secretKey.secretBox()
        let bot = try await CatalogConnection.with(database) { pool in
            let store = BotStore(pool: pool, secretBox: box)
            let bot = try await selector.find(in: store)
            guard try await store.delete(id: bot.id) else { throw CommandFailure("the bot was already deleted") }
            return bot
        }
        print("deleted bot \(bot.id.uuidString.lowercased()) (\(bot.tenantID)/\(bot.name))")
    }
}
