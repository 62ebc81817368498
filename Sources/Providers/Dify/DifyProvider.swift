import HTTP

/// A Dify chat, agent or chatflow app as a `KnowledgeProvider`, over `HTTPClient`.
///
/// Blocking or streaming as the bot says; an agent app that rejects blocking calls is streamed
/// from then on. Memory is Dify's `conversation_id` (scoped to `DifyUser`); a lost conversation
/// is dropped and the question asked anew, once. Sources come from `retriever_resources`, else
/// from `POST /datasets/{id}/retrieve` with the knowledge key when dataset ids are set.
public struct DifyProvider: KnowledgeProvider {
    public let configuration: DifyProviderConfiguration
    let http: ProviderHTTP
    let requests: DifyRequests
    /// Set once the app said it only streams (agent apps).
    let mustStream = ProviderFlag()

    public init(configuration: DifyProviderConfiguration, httpClient: HTTPClient) {
        self.configuration = configuration
        http = ProviderHTTP(client: httpClient, provider: "Dify")
        var requests = DifyRequests(baseURL: configuration.baseURL, appKey: configuration.appKey, datasetKey: configuration.knowledgeKey)
        requests.blockingTimeout = configuration.timeouts.blocking
        requests.streamingTimeout = configuration.timeouts.streaming
        self.requests = requests
    }

    public func answer(_ question: ProviderQuestion) async throws(ProviderFailure) -> ProviderAnswer {
        let user = DifyUser.id(tenantID: question.tenantID, customerID: question.customerID)
        return try await MemoryRecovery.run(memory: question.memory) { memory throws(ProviderFailure) in
            try await ask(question.text, user: user, conversationID: memory?.difyConversationID)
        }
    }

    /// One `/chat-messages` call, plus retrieved sources when the answer cited none.
    func ask(_ query: String, user: String, conversationID: String?) async throws(ProviderFailure) -> ProviderAnswer {
        let result: DifyChatResult
        if configuration.streaming || mustStream.isSet {
            result = try await chat(DifyChatRequest(query: query, user: user, conversationID: conversationID, responseMode: .streaming))
        } else {
            do {
                result = try await chat(DifyChatRequest(query: query, user: user, conversationID: conversationID, responseMode: .blocking))
            } catch where Self.rejectsBlocking(error) {
                mustStream.set()
                result = try await chat(DifyChatRequest(query: query, user: user, conversationID: conversationID, responseMode: .streaming))
            }
        }
        var answer = try result.providerAnswer()
        if answer.sources.isEmpty, canRetrieve {
            // The answer stands without sources: a failed lookup must not cost the customer it.
            answer.sources = (try? await retrieve(query, limit: configuration.sourceLimit)) ?? []
        }
        answer.sources = Array(answer.sources.prefix(configuration.sourceLimit))
        return answer
    }

    /// Agent apps answer a blocking call with 400 `bad_request` "... does not support blocking mode".
    static func rejectsBlocking(_ failure: ProviderFailure) -> Bool {
        failure.status == 400 && failure.code == "bad_request" && failure.message.lowercased().contains("blocking")
    }

    func chat(_ request: DifyChatRequest) async throws(ProviderFailure) -> DifyChatResult {
        var httpRequest = requests.chat(request)
        httpRequest.connectTimeout = configuration.timeouts.connect
        guard request.responseMode == .streaming else {
            let response = try await http.execute(httpRequest)
            do {
                return try DifyResponses.chat(response)
            } catch {
                throw Self.withRequestID(error, response.headers)
            }
        }
        httpRequest.idleTimeout = configuration.timeouts.streamIdle
        let stream: HTTPStreamingResponse
        switch try await http.stream(httpRequest) {
        case .rejected(let response):
            throw Self.withRequestID(
                DifyFailureClassifier.classify(status: response.status, body: response.body, headers: response.headers), response.headers)
        case .opened(let opened):
            stream = opened
        }
        var accumulator = DifyStreamAccumulator()
        do {
            for try await event in stream.events {
                if try accumulator.consume(event) == .finished { break }
            }
        } catch {
            throw Self.withRequestID(TransportFailure.classify(error, provider: "Dify"), stream.headers)
        }
        return try accumulator.finish()
    }

    /// Dify sends no request id of its own; a gateway in front of it may.
    static func withRequestID(_ failure: ProviderFailure, _ headers: HTTPHeaders) -> ProviderFailure {
        var failure = failure
        if failure.requestID == nil { failure.requestID = headers["x-request-id"] }
        return failure
    }

    var canRetrieve: Bool { configuration.knowledgeKey != nil && !configuration.datasetIDs.isEmpty }

    public func sources(for query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource] {
        guard canRetrieve else {
            throw ProviderFailure(
                .invalidConfiguration,
                message: "Dify source previews need the knowledge API key and at least one dataset id")
        }
        return try await retrieve(query, limit: limit)
    }

    /// Every dataset's best segments, merged best first.
    func retrieve(_ query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource] {
        var sources: [ProviderSource] = []
        for datasetID in configuration.datasetIDs {
            guard var request = requests.retrieve(datasetID: datasetID, query: query, topK: max(1, limit)) else { break }
            request.timeout = configuration.timeouts.lookup
            request.connectTimeout = configuration.timeouts.connect
            let response = try await http.execute(request)
            do {
                sources += try DifyResponses.retrieve(response)
            } catch {
                throw Self.withRequestID(error, response.headers)
            }
        }
        sources.sort { ($0.score ?? 0) > ($1.score ?? 0) }
        return Array(sources.prefix(max(0, limit)))
    }
}

extension ProviderMemory {
    /// The Dify conversation id; nil for another provider's memory (a bot that changed provider).
    var difyConversationID: String? {
        if case .difyConversation(let id) = self { return id }
        return nil
    }

    /// The OpenAI response id to chain onto; nil for another provider's memory.
    var openAIResponseID: String? {
        if case .openAIResponse(let id) = self { return id }
        return nil
    }
}
