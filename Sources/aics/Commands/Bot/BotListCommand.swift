import ArgumentParser
import Catalog
import Foundation

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
        let entries = try await CatalogConnection.with(database) { pool in
            try await BotStore(pool: pool, secretBox: box).entries(tenantID: tenant)
        }
        if json {
            try JSONOutput.print(entries.map { BotView(bot: $0.bot, keysReadable: $0.secretsReadable) })
        } else if entries.isEmpty {
            print(tenant.map { "no bots in tenant '\($0)'" } ?? "no bots yet: create one with `aics bot create`")
        } else {
            print(BotView.table(entries))
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
