import ArgumentParser
import Catalog
import CommandSupport
import Foundation
import Logging
import Providers

/// `aics kb import`: loads a knowledge file into a local bot's entries.
struct KBImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import question/answer entries from a file into a local bot.",
        discussion: """
        Formats (picked from the extension unless --format is given):
          csv    question,answer[,tags] per row; RFC 4180 quoting; an optional header row \
        question,answer,tags; tags separated by ; or |
          jsonl  one JSON object per line: {"question": "...", "answer": "...", "tags": ["..."]}
          md     "## question" headings followed by the answer, or "Q: ..." / "A: ..." pairs

        The whole file is checked first: a bad line stops the import with its line number and \
        nothing changes in the database (exit status 1). Entries are stored under the file's \
        name; importing a file of the same name again replaces its entries in one transaction, \
        entries from other files stay. The bot must exist and have provider local.

        Examples:
          aics kb import --bot 3f0c...-... --file faq.csv
          AICS_DATABASE_URL=postgresql://aics@db/aics aics kb import --bot 3f0c... --file faq.txt --format md
        """
    )

    @Option(name: .long, help: ArgumentHelp("The local bot's id (a UUID, see `aics bot list`).", valueName: "id"))
    var bot: String

    @Option(name: .long, help: ArgumentHelp("The file to import.", valueName: "path"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("csv, jsonl or md; default: from the file's extension.", valueName: "format"))
    var format: KnowledgeFileFormat?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let botID = UUID(uuidString: bot) else { throw ValidationError("--bot must be a bot id (UUID), got '\(bot)'") }
        let knowledgeFile: KnowledgeFile
        do {
            knowledgeFile = try KnowledgeFile.load(path: file, format: format)
        } catch {
            throw ConfigurationError("nothing imported: \(error)")
        }
        var logger = Logger(label: "aics.kb")
        logger.logLevel = .error
        let pool = try database.makePool(poolSize: 1, logger: logger)
        defer { pool.shutdown() }
        try await KBCommand.requireLocalBot(botID, pool: pool)
        let store = KnowledgeStore(pool: pool)
        try await store.replace(botID: botID, entries: knowledgeFile.entries, source: knowledgeFile.sourceName)
        let total = try await store.count(botID: botID)
        print("imported \(knowledgeFile.entries.count) entries from \(knowledgeFile.sourceName) (\(knowledgeFile.format.rawValue)) into bot \(botID.uuidString.lowercased()); the bot has \(total) entries")
    }
}

extension KnowledgeFileFormat: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(fileName: "file." + argument)
    }

    public static var allValueStrings: [String] { ["csv", "jsonl", "md"] }
}
