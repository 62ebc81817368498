import ArgumentParser
import Catalog
import CommandSupport

/// `aics binding list`.
struct BindingListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List bindings: account bindings and their conversation overrides."
    )

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "Only this tenant's bindings (default: all tenants).")
    var tenant: String?

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func run() async throws {
        let views = try await CatalogConnection.with(database) { pool in
            let store = BindingStore(pool: pool)
            let names = try await store.botNames(tenantID: tenant)
            return try await store.list(tenantID: tenant).map { BindingView(binding: $0, names: names) }
        }
        if json {
            try JSONOutput.print(views)
        } else if views.isEmpty {
            print(tenant.map { "no bindings in tenant '\($0)'" } ?? "no bindings yet: attach a bot with `aics binding set`")
        } else {
            print(BindingView.table(views))
        }
    }
}
