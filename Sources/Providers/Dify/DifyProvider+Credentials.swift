import HTTP

extension DifyProvider {
    /// `GET /info` (falling back to `/parameters` on Dify versions without it) with the app key,
    /// then `GET /datasets/{id}` with the knowledge key for every dataset id.
    public func checkCredentials() async -> CredentialCheck {
        var items: [CredentialCheck.Item] = []
        items.append(await checkApp())
        if !configuration.datasetIDs.isEmpty, configuration.knowledgeKey == nil {
            items.append(CredentialCheck.Item(
                subject: "knowledge key",
                failure: ProviderFailure(.invalidConfiguration, message: "dataset ids are set but no knowledge API key (dataset-...) is configured")))
        }
        for datasetID in configuration.datasetIDs {
            guard var request = requests.dataset(id: datasetID) else { break }
            request.timeout = configuration.timeouts.lookup
            items.append(await check("knowledge base \(datasetID) (knowledge key)", request) { body in
                try? JSONDecoding.decode(DifyDatasetSummary.self, body).name
            })
        }
        return CredentialCheck(items: items)
    }

    private func checkApp() async -> CredentialCheck.Item {
        var info = requests.info()
        info.timeout = configuration.timeouts.lookup
        let item = await check("app key (GET /info)", info) { body in
            let app = try? JSONDecoding.decode(DifyAppInfo.self, body)
            return [app?.name, app?.mode.map { "mode \($0)" }].compactMap { $0 }.joined(separator: ", ")
        }
        guard item.failure?.status == 404 else { return item }
        var parameters = requests.parameters()
        parameters.timeout = configuration.timeouts.lookup
        return await check("app key (GET /parameters)", parameters) { _ in nil }
    }

    private func check(_ subject: String, _ request: HTTPRequest, detail: ([UInt8]) -> String?) async -> CredentialCheck.Item {
        do {
            let response = try await http.execute(request)
            try DifyResponses.check(response)
            return CredentialCheck.Item(subject: subject, detail: detail(response.body))
        } catch {
            return CredentialCheck.Item(subject: subject, failure: error)
        }
    }
}

/// The part of Dify's Dataset object a credentials check shows.
struct DifyDatasetSummary: Decodable {
    var id: String?
    var name: String?
}
