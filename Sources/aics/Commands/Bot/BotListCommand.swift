import ArgumentParser
import Catalog

/// `aics bot list`.
struct BotListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List bots: id, tenant, name, provider, status and key hints (never the keys)."
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions

    @Option(name: .long, help: "Only this tenant's bots (default: all tenants).")
    var tenant: String?

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func run() async throws {
        let box = try secretKey.secretBox()
        let bots = try await CatalogConnection.with(database) { pool in
            try await BotStore(pool: pool, secretBox: box).list(tenantID: tenant)
        }
        if json {
            try JSONOutput.print(bots.map { BotView(bot: $0) })
        } else if bots.isEmpty {
            print(tenant.map { "no bots in tenant '\($0)'" } ?? "no bots yet: create one with `aics bot create`")
        } else {
            print(BotView.table(bots))
        }
    }
}
