import Catalog
import Foundation
import Pipeline
import Providers
import Synchronization

/// Wraps the local provider factory: counts every question asked and, when `maxLatency` is set,
/// sleeps a random 0...maxLatency before answering, like a real provider would take time. The
/// bots in `failingBots` fail every question (a provider that keeps failing); the bots in
/// `delays` answer only after their delay (a slow provider).
final class CountingProviderFactory: ProviderFactory {
    let base: any ProviderFactory
    let maxLatencyMilliseconds: Int
    let failingBots: Set<UUID>
    let delays: [UUID: Duration]
    private let counter = Atomic<Int>(0)

    init(base: any ProviderFactory, maxLatencyMilliseconds: Int = 0, failingBots: Set<UUID> = [], delays: [UUID: Duration] = [:]) {
        self.delays = delays
        self.base = base
        self.maxLatencyMilliseconds = maxLatencyMilliseconds
        self.failingBots = failingBots
    }

    var questions: Int { counter.load(ordering: .sequentiallyConsistent) }

    func provider(for bot: Bot) async throws -> any KnowledgeProvider {
        CountingProvider(base: try await base.provider(for: bot), factory: self, fails: failingBots.contains(bot.id), delay: delays[bot.id])
    }

    fileprivate func count() { counter.add(1, ordering: .sequentiallyConsistent) }
}

private struct CountingProvider: KnowledgeProvider {
    let base: any KnowledgeProvider
    let factory: CountingProviderFactory
    let fails: Bool
    let delay: Duration?

    func answer(_ question: ProviderQuestion) async throws(ProviderFailure) -> ProviderAnswer {
        factory.count()
        if fails { throw ProviderFailure(.badRequest, message: "injected: the provider keeps failing") }
        if let delay { try? await Task.sleep(for: delay) }
        if factory.maxLatencyMilliseconds > 0 {
            try? await Task.sleep(for: .milliseconds(Int.random(in: 0...factory.maxLatencyMilliseconds)))
        }
        return try await base.answer(question)
    }

    func sources(for query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource] {
        try await base.sources(for: query, limit: limit)
    }
}
