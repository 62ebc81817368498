import ArgumentParser

@main
struct AICS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aics",
        abstract: "The AI customer-service back end of an SCRM: Kafka in, Dify / OpenAI / local answers out.",
        discussion: """
        Configuration comes from flags and environment variables; a flag wins over its variable.
          AICS_KAFKA_BROKERS   Kafka bootstrap servers (host:port[,host:port...])
          AICS_DATABASE_URL    Postgres connection URI (postgresql://user@host/db?...)
          AICS_SECRET_KEY      key that encrypts provider API keys at rest
          AICS_LOG_LEVEL       trace, debug, info (default), notice, warning, error, critical
        Run `aics help <command>` for the flags of each command.
        """,
        version: AICSVersion.description,
        subcommands: [
            VersionCommand.self,
            MigrateCommand.self,
            BrokerCommand.self,
            SendCommand.self,
            TailCommand.self,
            DemoCommand.self,
            BotCommand.self,
            BindingCommand.self,
            BenchCommand.self,
            ChaosCommand.self,
            WorkerCommand.self,
            KBCommand.self,
        ]
    )
}
