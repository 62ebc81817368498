import Admin
import ArgumentParser
import CommandSupport
import Foundation
import HTTP
import CoreMetrics
import Logging
import Observability
import Postgres
import ServiceLifecycle

/// `aics admin`: the HTTP API the SCRM admin UI calls.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Serve the admin API: bots, bindings, previews and local knowledge over HTTP, per tenant.",
        discussion: """
        Every request under /v1 carries Authorization: Bearer TOKEN; a token belongs to one tenant \
        and sees and changes only that tenant's bots and bindings (another tenant's ids answer 404). \
        Create tokens with `aics token create --tenant T --name N`. GET /openapi.json (no token) \
        describes every route, body and error; errors are {"error": {"code", "message", "field"}}.

        Routes:
          GET|POST /v1/bots                      list, create (POST checks the keys against the
                                                 provider first; ?check=false or "check": false skips it)
          GET|PATCH|DELETE /v1/bots/{bot_id}     show, change, delete
          POST /v1/bots/{bot_id}/preview         {"question": "..."}: answer, sources, latency;
                                                 nothing is stored or sent
          POST /v1/bots/{bot_id}/check           the keys and ids checked against the provider
          GET|POST /v1/bots/{bot_id}/knowledge   a local bot's entries; POST takes CSV, JSON Lines or
                                                 Markdown (?format=csv|jsonl|md or Content-Type)
          GET /v1/bindings                       the tenant's bindings
          PUT|DELETE /v1/bindings/{account_id}   set or remove (?conversation_id= for one conversation)
        API keys (api_key, knowledge_key) are write-only: responses show hints like app-…wxyz, \
        and no log line holds a key or a request body.

        --metrics-listen HOST:PORT (env AICS_METRICS_LISTEN; off when unset) serves /metrics \
        (requests by method, route and status: aics_hb_requests and friends), /healthz and /readyz \
        (200 while Postgres answers) on a port of their own.

        From an empty Postgres to a live assist bot:
          export AICS_DATABASE_URL=postgresql://aics@db/aics AICS_SECRET_KEY=...
          aics migrate
          aics token create --tenant acme --name admin-ui     # prints aics_... once
          aics admin --listen 0.0.0.0:8080 &
          curl -H "Authorization: Bearer $TOKEN" -d '{"name": "faq", "provider": "local"}' \\
              http://localhost:8080/v1/bots                   # or provider dify with api_key
          curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @faq.csv \\
              http://localhost:8080/v1/bots/BOT_ID/knowledge
          curl -X PUT -H "Authorization: Bearer $TOKEN" -d '{"bot": "faq", "mode": "assist"}' \\
              http://localhost:8080/v1/bindings/wecom-1
          curl -H "Authorization: Bearer $TOKEN" -d '{"question": "How do I get a refund?"}' \\
              http://localhost:8080/v1/bots/BOT_ID/preview
          aics worker                                         # suggestions appear on cs.suggestions

        Environment (a flag wins over its variable):
          AICS_ADMIN_LISTEN    HOST:PORT to listen on (default 127.0.0.1:8080)
          AICS_DATABASE_URL    Postgres connection URI
          AICS_SECRET_KEY      key that seals the bots' API keys (or --secret-key-file)
          AICS_LOG_LEVEL       log level (info: one line per request, never a body or key)
        """
    )

    @Option(name: .long, help: ArgumentHelp("Address to listen on, HOST:PORT (port 0 picks a free one). Env: AICS_ADMIN_LISTEN. (default: 127.0.0.1:8080)", valueName: "host:port"))
    var listen: String?

    @Option(name: .long, help: "Largest JSON request body in bytes; larger ones answer 413.")
    var maxBodyBytes = 64 * 1024

    @Option(name: .long, help: "Largest knowledge upload (POST /v1/bots/{bot_id}/knowledge and /knowledge/sync) in bytes; larger ones answer 413.")
    var maxKnowledgeBytes = 8 * 1024 * 1024

    @Option(name: .long, help: "Postgres connections of this process.")
    var databasePoolSize = 4

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var secretKey: SecretKeyOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var operations: MetricsOptions

    func validate() throws {
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard maxKnowledgeBytes >= 1024 else { throw ValidationError("--max-knowledge-bytes must be at least 1024") }
        guard databasePoolSize >= 1 else { throw ValidationError("--database-pool-size must be at least 1") }
    }

    func run() async throws {
        try logging.bootstrap()
        let logger = Logger(label: "aics.admin")
        let address = try ListenAddress.parse(listen ?? Environment.value("AICS_ADMIN_LISTEN") ?? "127.0.0.1:8080", flag: "--listen")
        let (host, port) = (address.host, address.port)
        let secretBox = try secretKey.secretBox()
        let pool = PostgresPool(
            configuration: try database.configuration(poolSize: databasePoolSize, applicationName: "aics-admin"), logger: logger)
        defer { pool.shutdown() }
        // The API's request metrics (Hummingbird's middleware) go to swift-metrics' global system.
        let registry = MetricsRegistry()
        MetricsSystem.bootstrap(registry.factory)
        let endpoints = try operations.address().map {
            OperationsServer(address: $0, registry: registry, readiness: [.postgres(pool)], logger: logger)
        }
        async let _ = endpoints?.serve()
        _ = try await endpoints?.listening()
        let httpClient = try HTTPClient()
        defer { httpClient.shutdown() }
        let server = AdminServer(
            configuration: AdminConfiguration(host: host, port: port, maxJSONBodyBytes: maxBodyBytes, maxKnowledgeBodyBytes: maxKnowledgeBytes),
            pool: pool, secretBox: secretBox, httpClient: httpClient, logger: logger,
            onListening: { bound in
                // On standard output, so that scripts (and tests) started with port 0 learn the port.
                let shown = host.contains(":") ? "[\(host)]" : host
                FileHandle.standardOutput.write(Data("admin API listening on http://\(shown):\(bound)\n".utf8))
            })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [ServiceGroupConfiguration.ServiceConfiguration(service: server)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
