import Admin
import ArgumentParser
import CommandSupport
import Foundation

/// `aics token list`.
struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tokens: id, tenant, name, hint, created, last used, revoked (never the tokens)."
    )

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "Only this tenant's tokens (default: all tenants).")
    var tenant: String?

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    struct View: Encodable {
        var id: String
        var tenant_id: String
        var name: String
        var hint: String
        var created_at: String
        var last_used_at: String?
        var revoked_at: String?
    }

    func run() async throws {
        let records = try await CatalogConnection.with(database) { pool in try await TokenStore(pool: pool).list(tenantID: tenant) }
        let format = ISO8601DateFormatter()
        let views = records.map {
            View(id: $0.id.uuidString.lowercased(), tenant_id: $0.tenantID, name: $0.name, hint: $0.hint,
                 created_at: format.string(from: $0.createdAt), last_used_at: $0.lastUsedAt.map(format.string),
                 revoked_at: $0.revokedAt.map(format.string))
        }
        if json {
            try JSONOutput.print(views)
            return
        }
        guard !views.isEmpty else {
            print(tenant.map { "no tokens in tenant '\($0)'" } ?? "no tokens yet: create one with `aics token create`")
            return
        }
        var table = TextTable(["ID", "TENANT", "NAME", "TOKEN", "CREATED", "LAST USED", "REVOKED"])
        for view in views {
            table.append([view.id, view.tenant_id, view.name, view.hint, view.created_at, view.last_used_at ?? "-", view.revoked_at ?? "-"])
        }
        print(table.rendered)
    }
}
