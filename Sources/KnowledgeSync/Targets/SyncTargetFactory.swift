import Catalog
import HTTP
import Postgres
import Providers

extension SyncTargetChoice {
    /// The target for this choice over the process's HTTP client and Postgres pool.
    public func makeTarget(
        bot: Bot, httpClient: HTTPClient, pool: PostgresPool, policy: SyncRetryPolicy = SyncRetryPolicy(),
        indexingDeadline: Duration = .seconds(600)
    ) -> any SyncTarget {
        switch (self, bot.settings) {
        case (.dify(let datasetID), .dify(let dify)):
            let client = DifyDocumentsClient(
                baseURL: dify.baseURL, knowledgeKey: bot.secrets.knowledgeKey ?? "", datasetID: datasetID, httpClient: httpClient, policy: policy)
            return DifySyncTarget(client: client, datasetID: datasetID, indexingDeadline: indexingDeadline)
        case (.openai(let vectorStoreID), .openai(let openAI)):
            let client = OpenAIFilesClient(
                baseURL: openAI.baseURL, apiKey: bot.secrets.apiKey ?? "", vectorStoreID: vectorStoreID, httpClient: httpClient, policy: policy)
            return OpenAISyncTarget(client: client, vectorStoreID: vectorStoreID, indexingDeadline: indexingDeadline)
        default:
            return LocalSyncTarget(store: KnowledgeStore(pool: pool), botID: bot.id)
        }
    }
}
