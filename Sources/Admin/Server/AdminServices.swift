import Catalog
import HTTP
import Postgres
import Secrets

/// What the routes work with: the catalog's stores (the same the command line uses) and the
/// shared preview.
struct AdminServices: Sendable {
    let pool: PostgresPool
    let bots: BotStore
    let bindings: BindingStore
    let knowledge: KnowledgeStore
    let tokens: TokenStore
    let preview: BotPreview
    let configuration: AdminConfiguration

    init(pool: PostgresPool, secretBox: SecretBox, httpClient: HTTPClient, configuration: AdminConfiguration) {
        self.pool = pool
        self.bots = BotStore(pool: pool, secretBox: secretBox)
        self.bindings = BindingStore(pool: pool)
        self.knowledge = KnowledgeStore(pool: pool)
        self.tokens = TokenStore(pool: pool)
        self.preview = BotPreview(pool: pool, httpClient: httpClient)
        self.configuration = configuration
    }
}
