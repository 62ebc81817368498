import ArgumentParser
import Catalog
import Foundation
import Postgres

/// `aics kb ...`: the local knowledge base of bots with provider `local`.
struct KBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Import and list the question/answer entries of local bots; sync knowledge to any bot's provider.",
        discussion: """
        A bot with provider `local` answers from its own entries in Postgres (table \
        knowledge_entries), searched by aics itself; Chinese and English work alike. Entries come \
        from CSV, JSON Lines or Markdown Q&A files; re-importing a file replaces what its last \
        import brought. `aics kb sync` pushes a folder of such files to a bot's Dify dataset, \
        OpenAI vector store or local knowledge base, so that it holds exactly that content.
        """,
        subcommands: [KBImportCommand.self, KBListCommand.self, KBSyncCommand.self]
    )
}

extension KBCommand {
    /// Fails with a readable message unless the bot exists and has provider local (the lookup is
    /// Catalog's, shared with the admin API).
    static func requireLocalBot(_ botID: UUID, pool: PostgresPool) async throws {
        switch try await LocalBotLookup.find(botID, pool: pool) {
        case .local: return
        case .notFound: throw ConfigurationError("no bot with id \(botID.uuidString.lowercased()) (see `aics bot list`)")
        case .otherProvider(let name, let provider): throw ConfigurationError(LocalBotLookup.notLocalReason(name: name, provider: provider))
        }
    }
}
