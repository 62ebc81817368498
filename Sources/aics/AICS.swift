import ArgumentParser
import Catalog

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
          AICS_ADMIN_LISTEN    HOST:PORT of `aics admin` (default 127.0.0.1:8080)
        From an empty Postgres to a live assist bot: `aics migrate`, `aics token create`, \
        `aics admin` (then create a bot, bind it and preview it over HTTP: `aics help admin`; or \
        `aics bot create` and `aics binding set` on the command line), `aics worker`.
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
            ContentRuleCommand.self,
            BenchCommand.self,
            ChaosCommand.self,
            WorkerCommand.self,
            KBCommand.self,
            AdminCommand.self,
            TokenCommand.self,
        ]
    )

    /// ArgumentParser's main, plus: a rule broken in shared (Catalog) validation is reported with
    /// the field spelled as a flag (`--model`), not as the admin API's JSON member.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            exit(withError: CommandFailure(error.message(.flag)))
        } catch {
            exit(withError: error)
        }
    }
}
