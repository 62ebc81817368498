import ArgumentParser
import CommandSupport
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
        let http = try HTTPClient()
        defer { http.shutdown() }
        // The preview itself is Catalog's, shared with the admin API's preview and check routes.
        enum Outcome { case answer(BotPreview.Answer), credentials(CredentialCheck) }
        let (bot, outcome) = try await CatalogConnection.with(database) { pool -> (Bot, Outcome) in
            let bot = try await selector.find(in: BotStore(pool: pool, secretBox: box))
            let preview = BotPreview(pool: pool, httpClient: http)
            do {
                if check { return (bot, .credentials(try await preview.check(bot))) }
                return (bot, .answer(try await preview.answer(bot, question: question ?? "")))
            } catch let failure as BotPreview.Failure {
                throw CommandFailure("\(failure)")
            }
        }
        let answer: ProviderAnswer
        switch outcome {
        case .credentials(let credentials):
            print(credentials)
            if !credentials.isValid { throw ExitCode.failure }
            return
        case .answer(let preview):
            answer = preview.answer
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
