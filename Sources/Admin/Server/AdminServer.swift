import HTTP
import Hummingbird
import Logging
import Postgres
import Secrets
import ServiceLifecycle

/// The admin API's HTTP server: a service with one `run()` that serves until cancelled or told to
/// shut down gracefully.
public struct AdminServer: Service {
    let application: Application<RouterResponder<AdminRequestContext>>
    /// The routes as (method, path) with `{name}` captures, e.g. ("GET", "/v1/bots/{bot_id}"):
    /// what the OpenAPI document must describe.
    public let routes: [(method: String, path: String)]

    /// - Parameter onListening: called once with the bound port (useful with port 0).
    public init(
        configuration: AdminConfiguration, pool: PostgresPool, secretBox: SecretBox, httpClient: HTTPClient, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        let services = AdminServices(pool: pool, secretBox: secretBox, httpClient: httpClient, configuration: configuration)
        let router = AdminRouter.make(services)
        routes = router.routes.map { (method: $0.method.rawValue, path: $0.path.description) }
        application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "aics-admin"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    public func run() async throws {
        try await application.run()
    }
}
