import ArgumentParser
import CommandSupport
import Fakes
import Foundation
import HTTP
import Providers

/// `aics bench providers`: answers per second through the real provider clients against the
/// local fakes, and through the local knowledge base.
struct BenchProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "Print answers/s of the Dify and OpenAI clients against local fakes and of the local knowledge base.",
        discussion: """
        The Dify and OpenAI fakes run on 127.0.0.1 in this process with --latency-ms of delay \
        per answer; each client answers the sample FAQ's questions blocking and streaming with \
        --concurrency answers in flight. The local knowledge base answers the same questions \
        in memory on one task. Use a release build: swift build -c release.

        Example:
          aics bench providers --requests 2000 --concurrency 64 --latency-ms 20
        """
    )

    @Option(help: "Answers per measured run.")
    var requests = 2000

    @Option(help: "Answers in flight at once for the HTTP providers.")
    var concurrency = 32

    @Option(help: "Delay of each fake answer in milliseconds (0: none).")
    var latencyMs = 0

    @Option(help: "Questions the local knowledge base answers.")
    var localRequests = 100_000

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap()
        let questions = SampleFAQ.entries.map(\.question)
        let latency: LatencyDistribution = latencyMs > 0 ? .fixed(.milliseconds(latencyMs)) : .none
        let client = try HTTPClient()
        defer { client.shutdown() }
        let dify = try await DifyFake.start(.init(latency: latency))
        let openAI = try await OpenAIFake.start(.init(latency: latency))
        do {
            try await measureAll(client: client, dify: dify, openAI: openAI, questions: questions)
        } catch {
            await dify.stop()
            await openAI.stop()
            throw error
        }
        await dify.stop()
        await openAI.stop()
    }

    private func measureAll(client: HTTPClient, dify: DifyFake, openAI: OpenAIFake, questions: [String]) async throws {
        print("\(requests) answers per run, \(concurrency) in flight, fake latency \(latencyMs) ms")
        for streaming in [false, true] {
            let difyProvider = DifyProvider(
                configuration: DifyProviderConfiguration(
                    baseURL: dify.baseURL, appKey: dify.appKey, knowledgeKey: dify.datasetKey, datasetIDs: [dify.datasetID],
                    streaming: streaming),
                httpClient: client)
            let openAIProvider = OpenAIProvider(
                configuration: OpenAIProviderConfiguration(
                    baseURL: openAI.baseURL, apiKey: openAI.apiKey, model: "gpt-4.1-mini", vectorStoreIDs: [openAI.vectorStoreID],
                    streaming: streaming),
                httpClient: client)
            let mode = streaming ? "streaming" : "blocking"
            for (name, provider) in [("dify", difyProvider as any KnowledgeProvider), ("openai", openAIProvider)] {
                _ = try await Self.measure(provider, questions: questions, requests: min(200, requests), concurrency: concurrency)
                let run = try await Self.measure(provider, questions: questions, requests: requests, concurrency: concurrency)
                print(Throughput(label: "\(name) \(mode)", order: 0, messages: requests, bytes: 0, elapsed: run).line)
            }
        }
        let local = LocalKnowledgeProvider(entries: SampleFAQ.entries)
        let clock = ContinuousClock()
        let start = clock.now
        var answered = 0
        for index in 0..<localRequests {
            let question = ProviderQuestion(tenantID: "bench", customerID: "c", messages: [questions[index % questions.count]])
            if (try? local.answerNow(question)) != nil { answered += 1 }
        }
        let elapsed = clock.now - start
        print(Throughput(label: "local knowledge base (\(SampleFAQ.entries.count) entries)", order: 0, messages: localRequests, bytes: 0, elapsed: elapsed).line)
        if answered != localRequests { print("warning: \(localRequests - answered) local questions got no answer") }
    }

    /// Time for `requests` answers with `concurrency` workers; any failure aborts the run.
    private static func measure(
        _ provider: any KnowledgeProvider, questions: [String], requests: Int, concurrency: Int
    ) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<max(1, concurrency) {
                let share = requests / max(1, concurrency) + (worker < requests % max(1, concurrency) ? 1 : 0)
                group.addTask {
                    for index in 0..<share {
                        let question = ProviderQuestion(
                            tenantID: "bench", customerID: "customer-\(worker)", messages: [questions[(worker + index) % questions.count]])
                        _ = try await provider.answer(question)
                    }
                }
            }
            try await group.waitForAll()
        }
        return clock.now - start
    }
}
