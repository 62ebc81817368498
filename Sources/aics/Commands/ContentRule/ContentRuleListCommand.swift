import ArgumentParser
import Catalog
import CommandSupport

/// `aics content-rule list`.
struct ContentRuleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List content rules: id, tenant, target, word, action.")

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "Only this tenant's rules (default: all tenants).")
    var tenant: String?

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func run() async throws {
        let rules = try await CatalogConnection.with(database) { pool in try await ContentRuleStore(pool: pool).list(tenantID: tenant) }
        let views = rules.map(ContentRuleView.init)
        if json {
            try JSONOutput.print(views)
            return
        }
        guard !views.isEmpty else {
            print(tenant.map { "no content rules in tenant '\($0)'" } ?? "no content rules yet: add one with `aics content-rule set`")
            return
        }
        var table = TextTable(["ID", "TENANT", "APPLIES TO", "WORD", "ACTION"])
        for view in views { table.append([String(view.id), view.tenant_id, view.applies_to, view.word, view.effect]) }
        print(table.rendered)
    }
}
