/// Dify's retrieved knowledge as provider sources.
enum DifySources {
    static func from(_ resources: [DifyRetrieverResource]) -> [ProviderSource] {
        resources.map {
            ProviderSource(
                title: $0.documentName ?? "", snippet: $0.content ?? "", score: $0.score,
                documentID: $0.documentID ?? $0.segmentID)
        }
    }

    static func from(_ response: DifyRetrieveResponse) -> [ProviderSource] {
        response.records.map { record in
            let segment = record.segment
            var snippet = segment?.content ?? record.content ?? ""
            if let answer = segment?.answer, !answer.isEmpty { snippet += "\n" + answer }
            return ProviderSource(
                title: segment?.document?.name ?? record.title ?? "",
                snippet: snippet,
                score: record.score,
                documentID: segment?.documentID ?? segment?.document?.id)
        }
    }
}

extension DifyRetrieveResponse {
    /// The records as provider sources, best first as Dify ranks them.
    public var sources: [ProviderSource] { DifySources.from(self) }
}
