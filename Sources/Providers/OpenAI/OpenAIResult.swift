import Foundation

extension OpenAIResponse {
    /// Joined `output_text` parts of the message items (the SDK's `output_text`).
    public var outputText: String {
        (output ?? []).filter { $0.type == "message" }
            .flatMap { $0.content ?? [] }
            .filter { $0.type == "output_text" }
            .compactMap(\.text)
            .joined()
    }

    /// File-search results (when `include` asked for them), then files cited only by
    /// `file_citation` annotations; one source per file, best score first.
    public var sources: [ProviderSource] {
        var sources: [ProviderSource] = []
        var seen: [String: Int] = [:]
        for item in output ?? [] where item.type == "file_search_call" {
            for result in item.results ?? [] {
                let key = result.fileID ?? result.filename ?? ""
                let source = ProviderSource(title: result.filename ?? "", snippet: result.text ?? "", score: result.score, documentID: result.fileID)
                if let index = seen[key] {
                    if (source.score ?? 0) > (sources[index].score ?? 0) { sources[index] = source }
                } else {
                    seen[key] = sources.count
                    sources.append(source)
                }
            }
        }
        sources.sort { ($0.score ?? 0) > ($1.score ?? 0) }
        let citations = (output ?? []).flatMap { $0.content ?? [] }.flatMap { $0.annotations ?? [] }
        for citation in citations where citation.type == "file_citation" {
            let key = citation.fileID ?? citation.filename ?? ""
            guard seen[key] == nil else { continue }
            seen[key] = sources.count
            sources.append(ProviderSource(title: citation.filename ?? "", snippet: "", score: nil, documentID: citation.fileID))
        }
        return sources
    }

    /// The provider-neutral answer of a completed response; anything else is classified.
    public func providerAnswer(requestID: String?) throws(ProviderFailure) -> ProviderAnswer {
        switch status {
        case "failed":
            var failure = OpenAIFailureClassifier.classifyStreamError(code: error?.code, message: error?.message ?? "response failed")
            failure.requestID = requestID
            throw failure
        case "incomplete":
            // A cut or filtered answer is not something to send to a customer.
            throw ProviderFailure(
                .noAnswer, message: "OpenAI response incomplete: \(incompleteDetails?.reason ?? "unknown reason")",
                code: incompleteDetails?.reason, requestID: requestID)
        case "completed", nil:
            break
        default:
            throw ProviderFailure(.retryLater, message: "OpenAI response is \(status ?? "")", requestID: requestID)
        }
        let text = outputText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw ProviderFailure(.noAnswer, message: "OpenAI returned no output text", requestID: requestID)
        }
        return ProviderAnswer(
            text: text, sources: sources,
            usage: usage.map { TokenUsage(input: $0.inputTokens, output: $0.outputTokens, total: $0.totalTokens) },
            ids: ProviderIDs(messageID: output?.last { $0.type == "message" }?.id, responseID: id, requestID: requestID),
            memory: .openAIResponse(id: id))
    }
}
