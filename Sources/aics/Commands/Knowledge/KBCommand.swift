import ArgumentParser

/// `aics kb ...`: the local knowledge base of bots with provider `local`.
struct KBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Import and list the question/answer entries of local bots.",
        discussion: """
        A bot with provider `local` answers from its own entries in Postgres (table \
        knowledge_entries), searched by aics itself; Chinese and English work alike. Entries come \
        from CSV, JSON Lines or Markdown Q&A files; re-importing a file replaces what its last \
        import brought.
        """,
        subcommands: [KBImportCommand.self, KBListCommand.self]
    )
}
