import ArgumentParser
import Catalog
import CommandSupport
import Foundation

/// `aics bot list`.
struct BotListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List bots: id, tenant, name, provider, status, key hints (never the keys) and live load.",
        discussion: """
        LIMIT is the bot's max concurrency (or max-in-flight) and, while workers run, the sum of the \
        limits they learned from the provider's 429s ("10 (now 8)"). QUEUED is the messages waiting \
        for a slot of the bot, WAIT P95 the slowest worker's 95th-percentile wait for one. Workers \
        report every 5 s; figures older than 30 s are not shown.
        """
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions

    @Option(name: .long, help: "Only this tenant's bots (default: all tenants).")
    var tenant: String?

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func run() async throws {
        let box = try secretKey.secretBox()
        let (entries, loads) = try await CatalogConnection.with(database) { pool in
            (try await BotStore(pool: pool, secretBox: box).entries(tenantID: tenant), try await BotLoadStore(pool: pool).live())
        }
        if json {
            try JSONOutput.print(entries.map { BotView(bot: $0.bot, keysReadable: $0.secretsReadable, load: loads[$0.bot.id]) })
        } else if entries.isEmpty {
            print(tenant.map { "no bots in tenant '\($0)'" } ?? "no bots yet: create one with `aics bot create`")
        } else {
            print(BotView.table(entries, loads: loads))
        }
        let unreadable = entries.filter { !$0.secretsReadable }.count
        if unreadable > 0 {
            FileHandle.standardError.write(Data("""
                warning: the keys of \(unreadable) bot\(unreadable == 1 ? "" : "s") cannot be opened with this secret key \
                (sealed with another key? set it in AICS_SECRET_KEY_PREVIOUS and run `aics bot rotate-secrets`)\n
                """.utf8))
        }
    }
}
