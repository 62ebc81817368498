import HTTP

/// OpenAI's Responses API with the `file_search` tool over the bot's vector stores, as a
/// `KnowledgeProvider` over `HTTPClient`.
///
/// Blocking or streaming as the bot says. Memory is `previous_response_id`; an unknown or
/// expired id restarts the chain once. Sources come from file-search results and
/// `file_citation` annotations; previews from `POST /v1/vector_stores/{id}/search`.
/// `x-request-id` is kept on answers and failures.
public struct OpenAIProvider: KnowledgeProvider {
    public let configuration: OpenAIProviderConfiguration
    let http: ProviderHTTP
    let requests: OpenAIRequests

    public init(configuration: OpenAIProviderConfiguration, httpClient: HTTPClient) {
        self.configuration = configuration
        http = ProviderHTTP(client: httpClient, provider: "OpenAI")
        var requests = OpenAIRequests(baseURL: configuration.baseURL, apiKey: configuration.apiKey)
        requests.blockingTimeout = configuration.timeouts.blocking
        requests.streamingTimeout = configuration.timeouts.streaming
        self.requests = requests
    }

    public func answer(_ question: ProviderQuestion) async throws(ProviderFailure) -> ProviderAnswer {
        return try await MemoryRecovery.run(memory: question.memory) { memory throws(ProviderFailure) in
            try await ask(question.text, previousResponseID: memory?.openAIResponseID)
        }
    }

    func ask(_ question: String, previousResponseID: String?) async throws(ProviderFailure) -> ProviderAnswer {
        let body = OpenAIResponsesRequest(
            model: configuration.model, question: question,
            instructions: configuration.instructions.isEmpty ? nil : configuration.instructions,
            vectorStoreIDs: configuration.vectorStoreIDs, maxNumResults: configuration.sourceLimit,
            previousResponseID: previousResponseID, stream: configuration.streaming)
        var request = requests.responses(body)
        request.connectTimeout = configuration.timeouts.connect
        var answer: ProviderAnswer
        if configuration.streaming {
            request.idleTimeout = configuration.timeouts.streamIdle
            answer = try await streamed(request)
        } else {
            let response = try await http.execute(request)
            answer = try OpenAIResponses.answer(response)
        }
        answer.sources = Array(answer.sources.prefix(configuration.sourceLimit))
        return answer
    }

    func streamed(_ request: HTTPRequest) async throws(ProviderFailure) -> ProviderAnswer {
        let stream: HTTPStreamingResponse
        switch try await http.stream(request) {
        case .rejected(let response):
            throw OpenAIFailureClassifier.classify(status: response.status, body: response.body, headers: response.headers)
        case .opened(let opened):
            stream = opened
        }
        let requestID = stream.headers["x-request-id"]
        var accumulator = OpenAIStreamAccumulator()
        do {
            for try await event in stream.events {
                if try accumulator.consume(event) == .finished { break }
            }
        } catch {
            throw TransportFailure.classify(error, provider: "OpenAI", requestID: requestID)
        }
        do {
            var answer = try accumulator.finish().providerAnswer(requestID: requestID)
            answer.rateLimit = RateLimitStatus(headers: stream.headers)
            return answer
        } catch {
            var failure = error
            if failure.requestID == nil { failure.requestID = requestID }
            throw failure
        }
    }

    public func sources(for query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource] {
        guard !configuration.vectorStoreIDs.isEmpty else {
            throw ProviderFailure(.invalidConfiguration, message: "the bot has no vector store ids to search")
        }
        var sources: [ProviderSource] = []
        for vectorStoreID in configuration.vectorStoreIDs {
            var request = requests.search(vectorStoreID: vectorStoreID, query: query, limit: max(1, limit))
            request.timeout = configuration.timeouts.lookup
            request.connectTimeout = configuration.timeouts.connect
            sources += try OpenAIResponses.searchSources(try await http.execute(request))
        }
        sources.sort { ($0.score ?? 0) > ($1.score ?? 0) }
        return Array(sources.prefix(max(0, limit)))
    }

    /// `GET /v1/vector_stores/{id}` for every vector store: checks the key and each id together.
    public func checkCredentials() async -> CredentialCheck {
        guard !configuration.vectorStoreIDs.isEmpty else {
            return CredentialCheck(items: [CredentialCheck.Item(
                subject: "vector stores",
                failure: ProviderFailure(.invalidConfiguration, message: "no vector store ids are configured"))])
        }
        var items: [CredentialCheck.Item] = []
        for vectorStoreID in configuration.vectorStoreIDs {
            var request = requests.vectorStore(id: vectorStoreID)
            request.timeout = configuration.timeouts.lookup
            let subject = "vector store \(vectorStoreID) (API key)"
            do {
                let store = try OpenAIResponses.vectorStore(try await http.execute(request))
                let detail = [store.name, store.status.map { "status \($0)" }].compactMap { $0 }.joined(separator: ", ")
                items.append(CredentialCheck.Item(subject: subject, detail: detail))
            } catch {
                items.append(CredentialCheck.Item(subject: subject, failure: error))
            }
        }
        return CredentialCheck(items: items)
    }
}
