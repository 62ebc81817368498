import ArgumentParser
import Catalog
import CommandSupport

/// `aics binding remove`.
struct BindingRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an account's binding, or (with --conversation) one conversation override.",
        discussion: "Removing an account binding keeps its conversation overrides; remove those one by one."
    )

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "The tenant.")
    var tenant: String

    @Option(name: .long, help: "The account.")
    var account: String

    @Option(name: .long, help: "Remove only this conversation's override.")
    var conversation: String?

    func run() async throws {
        let removed = try await CatalogConnection.with(database) { pool in
            try await BindingStore(pool: pool).remove(tenantID: tenant, accountID: account, conversationID: conversation)
        }
        let scope = "\(tenant)/\(account)" + (conversation.map { " conversation \($0)" } ?? "")
        guard removed else { throw CommandFailure("no binding for \(scope)") }
        print("removed binding \(scope)")
    }
}
