import ArgumentParser

/// `aics bot`: the bots (a tenant's Dify app, OpenAI vector store or local knowledge base).
struct BotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot",
        abstract: "Create, list, show, change and delete bots.",
        discussion: """
        A bot belongs to one tenant and answers from one provider: dify, openai or local. Its API \
        keys are stored encrypted with the operator's secret key (AICS_SECRET_KEY or \
        --secret-key-file) and never printed: commands show hints like app-…wxyz.
        Every command needs the database (AICS_DATABASE_URL or --database-url); run `aics migrate` once first.
        Example:
          export AICS_DATABASE_URL=postgresql://aics@db/aics
          export AICS_SECRET_KEY="$(cat /run/secrets/aics-key)"
          aics migrate
          AICS_BOT_API_KEY=app-... aics bot create --tenant acme \\
              --name support --provider dify
          aics bot list --tenant acme
        """,
        subcommands: [
            BotCreateCommand.self, BotListCommand.self, BotShowCommand.self, BotUpdateCommand.self,
            BotDeleteCommand.self, BotRotateSecretsCommand.self, BotTestCommand.self,
        ]
    )
}
