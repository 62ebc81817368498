import Fakes
import HTTP
import Providers

/// Fakes and a real `HTTPClient` for one test, torn down whatever the test did.
enum Harness {
    static let question = "How long do I have to request a refund?"

    static func ask(_ text: String, memory: ProviderMemory? = nil, customer: String = "customer-1") -> ProviderQuestion {
        ProviderQuestion(tenantID: "tenant-1", customerID: customer, messages: [text], memory: memory)
    }

    /// Short limits so that hangs and slow streams end quickly; generous enough for a loaded machine.
    static let shortTimeouts = ProviderTimeouts(blocking: .seconds(5), streaming: .seconds(5), streamIdle: nil, lookup: .seconds(5))

    static func withDify<T>(
        _ configuration: DifyFake.Configuration = .init(), streaming: Bool = true, timeouts: ProviderTimeouts = ProviderTimeouts(),
        _ body: (DifyFake, DifyProvider) async throws -> T
    ) async throws -> T {
        let fake = try await DifyFake.start(configuration)
        let client = try HTTPClient()
        let provider = DifyProvider(
            configuration: DifyProviderConfiguration(
                baseURL: fake.baseURL, appKey: fake.appKey, knowledgeKey: fake.datasetKey, datasetIDs: [fake.datasetID],
                streaming: streaming, timeouts: timeouts),
            httpClient: client)
        do {
            let result = try await body(fake, provider)
            client.shutdown()
            await fake.stop()
            return result
        } catch {
            client.shutdown()
            await fake.stop()
            throw error
        }
    }

    static func withOpenAI<T>(
        _ configuration: OpenAIFake.Configuration = .init(), streaming: Bool = true, timeouts: ProviderTimeouts = ProviderTimeouts(),
        _ body: (OpenAIFake, OpenAIProvider) async throws -> T
    ) async throws -> T {
        let fake = try await OpenAIFake.start(configuration)
        let client = try HTTPClient()
        let provider = OpenAIProvider(
            configuration: OpenAIProviderConfiguration(
                baseURL: fake.baseURL, apiKey: fake.apiKey, model: "gpt-4.1-mini", vectorStoreIDs: [fake.vectorStoreID],
                instructions: "Answer only from the provided files.", streaming: streaming, timeouts: timeouts),
            httpClient: client)
        do {
            let result = try await body(fake, provider)
            client.shutdown()
            await fake.stop()
            return result
        } catch {
            client.shutdown()
            await fake.stop()
            throw error
        }
    }

    /// The failure `call` threw, or nil when it succeeded.
    static func failure(_ call: () async throws(ProviderFailure) -> ProviderAnswer) async -> ProviderFailure? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error
        }
    }
}
