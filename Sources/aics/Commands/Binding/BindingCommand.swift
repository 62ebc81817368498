import ArgumentParser

/// `aics binding`: which bot serves which account or conversation, and how.
struct BindingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binding",
        abstract: "Attach bots to accounts (or single conversations) with a mode: set, list, remove.",
        discussion: """
        A binding attaches a bot to a tenant's account (the inbox or WeCom/WeChat account messages \
        come in on). A binding with --conversation overrides the account's binding for that one \
        conversation; the most specific binding wins.
        Modes:
          off     aics stays silent
          assist  every customer message yields a suggestion for the agent
                  (a draft answer plus its sources)
          hosted  every customer message is answered automatically
          auto    hosted while no agent is online, else assist; with
                  --reply-timeout the suggestion goes out as a reply when no
                  agent answered in time
        Binding commands need the database (AICS_DATABASE_URL or --database-url), not the secret key.
        """,
        subcommands: [BindingSetCommand.self, BindingListCommand.self, BindingRemoveCommand.self]
    )
}
