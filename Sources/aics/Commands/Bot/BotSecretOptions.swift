import ArgumentParser
import Catalog
import CommandSupport
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
            apiKey = try Self.checked(SecretKeyOptions.readKeyFile(apiKeyFile), what: "the API key file \(apiKeyFile)")
        } else if apiKeyStdin {
            guard let line = readLine() else { throw CommandFailure("--api-key-stdin: standard input is empty") }
            apiKey = try Self.checked(line, what: "the API key on standard input")
        } else if let value = Environment.value("AICS_BOT_API_KEY") {
            apiKey = try Self.checked(value, what: "AICS_BOT_API_KEY")
        }
        var knowledgeKey: String?
        if let knowledgeKeyFile {
            knowledgeKey = try Self.checked(SecretKeyOptions.readKeyFile(knowledgeKeyFile), what: "the knowledge key file \(knowledgeKeyFile)")
        } else if let value = Environment.value("AICS_BOT_KNOWLEDGE_KEY") {
            knowledgeKey = try Self.checked(value, what: "AICS_BOT_KNOWLEDGE_KEY")
        }
        return (apiKey, knowledgeKey, apiKeyFile != nil || apiKeyStdin || knowledgeKeyFile != nil)
    }

    /// Trims the key; refuses blanks and inner whitespace without ever echoing the key (the
    /// rule is Catalog's; the message says where the key came from).
    private static func checked(_ key: String, what: String) throws -> String {
        do {
            return try BotKeysInput.checkedKey(key, field: .apiKey)
        } catch {
            throw CommandFailure(error.message(naming: what))
        }
    }

    /// Applies the keys to `existing` for the bot's `settings`, enforcing what each provider needs
    /// (Catalog's rules, shared with the admin API).
    func secrets(for settings: BotSettings, over existing: BotSecrets, removeKnowledgeKey: Bool = false) throws -> BotSecrets {
        let given = try read()
        if case .local = settings, given.fromFlags { throw CommandFailure("local bots take no API keys") }
        if case .openai = settings, knowledgeKeyFile != nil { throw CommandFailure("--knowledge-key-file applies to dify bots only") }
        var input = BotKeysInput(apiKey: given.apiKey, knowledgeKey: given.knowledgeKey, removeKnowledgeKey: removeKnowledgeKey)
        // Keys found only in the environment are not meant for a bot that takes none.
        switch settings {
        case .local: input = BotKeysInput()
        case .openai: input.knowledgeKey = nil
        case .dify: break
        }
        do {
            return try input.secrets(for: settings, over: existing)
        } catch {
            throw CommandFailure(error.message(.flag))
        }
    }
}
