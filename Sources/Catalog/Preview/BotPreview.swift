import Foundation
import HTTP
import Postgres
import Providers

/// A preview of what a bot answers, straight from its provider as the worker would ask it, as a
/// fresh conversation: nothing is stored or sent. `aics bot test` and the admin API's preview
/// and check routes call it.
public struct BotPreview: Sendable {
    public let pool: PostgresPool
    public let httpClient: HTTPClient
    public let timeouts: ProviderTimeouts

    public init(pool: PostgresPool, httpClient: HTTPClient, timeouts: ProviderTimeouts = ProviderTimeouts()) {
        self.pool = pool
        self.httpClient = httpClient
        self.timeouts = timeouts
    }

    public struct Answer: Sendable, Equatable {
        public var answer: ProviderAnswer
        /// From asking to the whole answer.
        public var latency: Duration
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A local bot without entries has nothing to answer from.
        case noKnowledge(botName: String)
        /// The bot's configuration cannot make a provider (a key is missing).
        case unusable(ProviderFailure)
        /// The provider gave no answer.
        case noAnswer(botName: String, ProviderFailure)

        public var description: String {
            switch self {
            case .noKnowledge(let name): "the local bot \(name) has no knowledge entries yet: load some with `aics kb import` or POST /v1/bots/{bot_id}/knowledge"
            case .unusable(let failure): "\(failure)"
            case .noAnswer(let name, let failure): "bot \(name) gave no answer: \(failure)"
            }
        }
    }

    /// Asks `bot` the `question` once.
    public func answer(_ bot: Bot, question: String) async throws -> Answer {
        let provider = try await provider(for: bot)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let answer = try await provider.answer(ProviderQuestion(tenantID: bot.tenantID, customerID: "aics-preview", messages: [question]))
            return Answer(answer: answer, latency: clock.now - start)
        } catch {
            throw Failure.noAnswer(botName: bot.name, error)
        }
    }

    /// Checks the bot's keys and ids against its provider.
    public func check(_ bot: Bot) async throws -> CredentialCheck {
        await (try provider(for: bot, requiringKnowledge: false)).checkCredentials()
    }

    private func provider(for bot: Bot, requiringKnowledge: Bool = true) async throws -> any KnowledgeProvider {
        let knowledge = bot.provider == .local ? try await KnowledgeStore(pool: pool).entries(botID: bot.id) : []
        if bot.provider == .local, knowledge.isEmpty, requiringKnowledge { throw Failure.noKnowledge(botName: bot.name) }
        do {
            return try bot.makeProvider(httpClient: httpClient, knowledge: knowledge, timeouts: timeouts)
        } catch {
            throw Failure.unusable(error)
        }
    }
}
