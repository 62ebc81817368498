import ArgumentParser

/// `aics token`: bearer tokens of the admin API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the admin API's bearer tokens (one tenant each).",
        discussion: """
        A token lets the SCRM admin UI call `aics admin` for one tenant. `aics token create` prints \
        it once (aics_ followed by 43 random characters); only its SHA-256 is stored, so a lost \
        token cannot be shown again: revoke it and create another.
        Token commands need the database (AICS_DATABASE_URL or --database-url), not the secret key.
        Example:
          aics token create --tenant acme --name admin-ui
          aics token list --tenant acme
          aics token revoke admin-ui --tenant acme
        """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}
