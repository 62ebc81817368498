import ArgumentParser
import Foundation
import Catalog
import HTTP
import Providers

/// `aics bot test`: a preview of what a bot answers, straight from its provider.
struct BotTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Ask a bot a question and print its answer and sources (a preview: nothing is stored or sent).",
        discussion: """
        Calls the bot's provider exactly as the worker would (Dify, OpenAI, or the local \
        knowledge base loaded with `aics kb import`), as a fresh conversation. With --check it \
        only checks the bot's keys and ids against the provider.
        Examples:
          aics bot test --tenant acme --name support -q "How do I get a refund?"
          aics bot test --tenant acme --name support --check
        Exit status: 0 answered (or all checks passed), 1 otherwise.
        """
    )

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions
    @OptionGroup(title: "Which bot") var selector: BotSelector

    @Option(name: [.short, .long], help: "The customer's question.")
    var question: String?

    @Flag(name: .long, help: "Check the bot's keys and ids against the provider instead of asking.")
    var check = false

    @Flag(name: .long, help: "Print the answer as JSON.")
    var json = false

    struct AnswerView: Encodable {
        struct Source: Encodable {
            var title: String
            var snippet: String
            var score: Double?
            var document_id: String?
        }

        var bot_id: String
        var provider: String
        var text: String
        var sources: [Source]
    }

    func validate() throws {
        if check == (question != nil) { throw ValidationError("give either --question TEXT or --check") }
        if let question, question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--question must not be empty")
        }
    }

    func run() async throws {
        let box = try secretKey.secretBox()
        let (bot, knowledge) = try await CatalogConnection.with(database) { pool in
            let bot = try await selector.find(in: BotStore(pool: pool, secretBox: box))
            let knowledge = bot.provider == .local ? try await KnowledgeStore(pool: pool).entries(botID: bot.id) : []
            return (bot, knowledge)
        }
        if bot.provider == .local, knowledge.isEmpty {
            throw CommandFailure("the local bot \(bot.name) has no knowledge entries yet: load some with `aics kb import`")
        }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let provider: any KnowledgeProvider
        do {
            provider = try bot.makeProvider(httpClient: http, knowledge: knowledge)
        } catch {
            throw CommandFailure("\(error)")
        }
        if check {
            let result = await provider.checkCredentials()
            print(result)
            if !result.isValid { throw ExitCode.failure }
            return
        }
        let answer: ProviderAnswer
        do {
            answer = try await provider.answer(
                ProviderQuestion(tenantID: bot.tenantID, customerID: "aics-bot-test", messages: [question ?? ""])
            )
        } catch {
            throw CommandFailure("bot \(bot.name) gave no answer: \(error)")
        }
        if json {
            try JSONOutput.print(AnswerView(
                bot_id: bot.id.uuidString.lowercased(), provider: bot.provider.rawValue, text: answer.text,
                sources: answer.sources.map { AnswerView.Source(title: $0.title, snippet: $0.snippet, score: $0.score, document_id: $0.documentID) }
            ))
            return
        }
        print(answer.text)
        if answer.sources.isEmpty {
            print("\nsources: none")
        } else {
            print("\nsources:")
            for (index, source) in answer.sources.enumerated() {
                let score = source.score.map { " (score \(String(format: "%.2f", $0)))" } ?? ""
                print("  \(index + 1). \(source.title)\(score)")
                let snippet = source.snippet.count > 160 ? source.snippet.prefix(157) + "..." : Substring(source.snippet)
                print("     " + snippet.replacingOccurrences(of: "\n", with: " "))
            }
        }
    }
}
