import ArgumentParser
import Catalog
import CommandSupport
import Foundation
import Logging

/// `aics kb list`: how many entries a local bot has and its first questions.
struct KBListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show a local bot's entry count per imported file and its first questions.",
        discussion: """
        Example:
          aics kb list --bot 3f0c...-... --database-url postgresql://aics@localhost/aics
        """
    )

    @Option(name: .long, help: ArgumentHelp("The local bot's id (a UUID).", valueName: "id"))
    var bot: String

    @Option(name: .long, help: "How many questions to show. (default: 10)")
    var limit: Int = 10

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let botID = UUID(uuidString: bot) else { throw ValidationError("--bot must be a bot id (UUID), got '\(bot)'") }
        var logger = Logger(label: "aics.kb")
        logger.logLevel = .error
        let pool = try database.makePool(poolSize: 1, logger: logger)
        defer { pool.shutdown() }
        try await KBCommand.requireLocalBot(botID, pool: pool)
        let store = KnowledgeStore(pool: pool)
        let entries = try await store.entries(botID: botID)
        print("bot \(botID.uuidString.lowercased()): \(entries.count) entries")
        for (source, count) in try await store.sources(botID: botID) {
            print("  \(source ?? "(no file)"): \(count)")
        }
        for entry in entries.prefix(max(0, limit)) {
            let tags = entry.tags.isEmpty ? "" : "  [\(entry.tags.joined(separator: ", "))]"
            print("- \(entry.question)\(tags)")
        }
        if entries.count > limit { print("... \(entries.count - limit) more") }
    }
}
