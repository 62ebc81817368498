import ArgumentParser
import Catalog
import Foundation

/// Where a bot's API keys come from: files, standard input or the environment, never flag
/// values (those show in `ps` and shell history).
struct BotSecretOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("File holding the provider API key (dify app key app-..., openai sk-...). Env: AICS_BOT_API_KEY.", valueName: "path"))
    var apiKeyFile: String?

    @Flag(name: .long, help: "Read the provider API key from the first line of standard input.")
    var apiKeyStdin = false

    @Option(name: .long, help: ArgumentHelp("dify: file holding the knowledge-base API key (dataset-...), for source snippets. Env: AICS_BOT_KNOWLEDGE_KEY.", valueName: "path"))
    var knowledgeKeyFile: String?

    /// The keys given (nil: not given), flags before the environment.
    func read() throws -> (apiKey: String?, knowledgeKey: String?, fromFlags: Bool) {
        if apiKeyStdin, apiKeyFile != nil { throw CommandFailure("use either --api-key-file or --api-key-stdin") }
        var apiKey: String?
        if let apiKeyFile {
            apiKey = try Self.checked(SecretKeyOptions.readKeyFile(apiKeyFile), what: "API key in \(apiKeyFile)")
        } else if apiKeyStdin {
            guard let line = readLine() else { throw CommandFailure("--api-key-stdin: standard input is empty") }
            apiKey = try Self.checked(line, what: "API key on standard input")
        } else if let value = Environment.value("AICS_BOT_API_KEY") {
            apiKey = try Self.checked(value, what: "API key in AICS_BOT_API_KEY")
        }
        var knowledgeKey: String?
        if let knowledgeKeyFile {
            knowledgeKey = try Self.checked(SecretKeyOptions.readKeyFile(knowledgeKeyFile), what: "knowledge key in \(knowledgeKeyFile)")
        } else if let value = Environment.value("AICS_BOT_KNOWLEDGE_KEY") {
            knowledgeKey = try Self.checked(value, what: "knowledge key in AICS_BOT_KNOWLEDGE_KEY")
        }
        return (apiKey, knowledgeKey, apiKeyFile != nil || apiKeyStdin || knowledgeKeyFile != nil)
    }

    /// Trims the key; refuses blanks and inner whitespace without ever echoing the key.
    private static func checked(_ key: String, what: String) throws -> String {
        let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CommandFailure("the \(what) is empty") }
        guard !trimmed.contains(where: { $0.isWhitespace }) else { throw CommandFailure("the \(what) contains whitespace") }
        return trimmed
    }

    /// Applies the keys to `secrets` for `provider`, enforcing what each provider needs.
    func secrets(for settings: BotSettings, over existing: BotSecrets) throws -> BotSecrets {
        let given = try read()
        var secrets = existing
        switch settings {
        case .local:
            if given.fromFlags { throw CommandFailure("local bots take no API keys") }
            return BotSecrets()
        case .openai:
            if knowledgeKeyFile != nil { throw CommandFailure("--knowledge-key-file applies to dify bots only") }
            secrets.knowledgeKey = nil
            if let key = given.apiKey { secrets.apiKey = key }
        case .dify(let dify):
            if let key = given.apiKey { secrets.apiKey = key }
            if let key = given.knowledgeKey { secrets.knowledgeKey = key }
            if !dify.datasetIDs.isEmpty, secrets.knowledgeKey == nil {
                throw CommandFailure("--dataset-id needs a knowledge key: set AICS_BOT_KNOWLEDGE_KEY or pass --knowledge-key-file PATH")
            }
        }
        guard secrets.apiKey != nil else {
            throw CommandFailure("\(settings.provider.rawValue) bots need an API key: set AICS_BOT_API_KEY, or pass --api-key-file PATH or --api-key-stdin")
        }
        return secrets
    }
}
