import ArgumentParser
import Catalog
import CommandSupport

/// `aics bot rotate-secrets`.
struct BotRotateSecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-secrets",
        abstract: "Re-encrypt every bot's API keys with the current secret key.",
        discussion: """
        Key rotation, step by step:
          1. Give the workers and this command the new key as AICS_SECRET_KEY
             (or --secret-key-file) and the old one as AICS_SECRET_KEY_PREVIOUS
             (comma-separated if several).
          2. Run `aics bot rotate-secrets`: it re-encrypts, in one transaction,
             every bot's keys that still use an old key.
          3. When it succeeded (a second run reports 0), drop
             AICS_SECRET_KEY_PREVIOUS everywhere.
        """
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions

    @Option(name: .long, help: "Only this tenant's bots (default: all).")
    var tenant: String?

    @Flag(name: .long, help: "Print {\"rotated\": N, \"key_id\": ...} as JSON.")
    var json = false

    struct Report: Encodable {
        var rotated: Int
        var key_id: String
    }

    func run() async throws {
        let box = try secretKey.secretBox()
        let rotated = try await CatalogConnection.with(database) { pool in
            try await BotStore(pool: pool, secretBox: box).rotateSecrets(tenantID: tenant)
        }
        if json {
            try JSONOutput.print(Report(rotated: rotated, key_id: box.currentKeyID))
        } else {
            print("re-encrypted the keys of \(rotated) bot\(rotated == 1 ? "" : "s") with key \(box.currentKeyID); every bot\(tenant.map { " of tenant \($0)" } ?? "") now uses it")
        }
    }
}
