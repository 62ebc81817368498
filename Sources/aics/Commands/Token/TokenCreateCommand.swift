import Admin
import ArgumentParser
import CommandSupport

/// `aics token create`.
struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token for a tenant and print it (the only time it is shown).",
        discussion: """
        Standard output holds the token alone on its first line, so that a script can capture it:
          TOKEN=$(aics token create --tenant acme --name admin-ui | head -1)
        Send it as Authorization: Bearer $TOKEN to `aics admin`.
        """
    )

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "The tenant the token may see and change.")
    var tenant: String

    @Option(name: .long, help: "A name unique among the tenant's tokens in force, e.g. admin-ui.")
    var name: String

    func run() async throws {
        let (token, record) = try await CatalogConnection.with(database) { pool in
            try await TokenStore(pool: pool).create(tenantID: tenant, name: name)
        }
        print(token.value)
        print("""
            created token \(record.id.uuidString.lowercased()) '\(record.name)' for tenant \(record.tenantID) (\(record.hint)).
            Keep it now: only its hash is stored and it cannot be shown again.
            """)
    }
}
