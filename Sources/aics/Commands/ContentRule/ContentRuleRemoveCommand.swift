import ArgumentParser
import Catalog
import CommandSupport

/// `aics content-rule remove`.
struct ContentRuleRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove one of the tenant's rules by id.")

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "The tenant.")
    var tenant: String

    @Option(name: .long, help: "The rule's id (see `aics content-rule list`).")
    var id: Int64

    func run() async throws {
        let removed = try await CatalogConnection.with(database) { pool in try await ContentRuleStore(pool: pool).remove(tenantID: tenant, id: id) }
        guard removed else { throw CommandFailure("tenant '\(tenant)' has no content rule \(id)") }
        print("removed content rule \(id) of tenant \(tenant)")
    }
}
