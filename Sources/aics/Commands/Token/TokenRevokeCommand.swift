import Admin
import ArgumentParser
import CommandSupport

/// `aics token revoke`.
struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token by id or name: from then on it answers 401.",
        discussion: "A name used in several tenants needs --tenant. Revoked tokens stay listed for the record."
    )

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Argument(help: "The token's id or name (see `aics token list`).")
    var token: String

    @Option(name: .long, help: "The token's tenant (needed when the name is used in several tenants).")
    var tenant: String?

    func run() async throws {
        let revoked = try await CatalogConnection.with(database) { pool in
            let store = TokenStore(pool: pool)
            let found = try await store.find(token, tenantID: tenant)
            guard let record = found.first else { throw CommandFailure("no token in force named '\(token)'" + (tenant.map { " in tenant '\($0)'" } ?? "")) }
            guard found.count == 1 else {
                throw CommandFailure("tokens named '\(token)' exist in \(found.count) tenants: add --tenant (\(found.map(\.tenantID).joined(separator: ", ")))")
            }
            guard try await store.revoke(id: record.id) else { throw CommandFailure("the token was already revoked") }
            return record
        }
        print("revoked token \(revoked.id.uuidString.lowercased()) '\(revoked.name)' of tenant \(revoked.tenantID) (\(revoked.hint))")
    }
}
