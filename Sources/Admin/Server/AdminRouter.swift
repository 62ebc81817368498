import Hummingbird

/// Every route of the admin API. `/openapi.json` is public; everything under `/v1` needs a token.
enum AdminRouter {
    static func make(_ services: AdminServices) -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        // Outermost: requests by method, route and status for `aics admin --metrics-listen`
        // (swift-metrics' global system; a no-op unless the command bootstraps it).
        router.add(middleware: MetricsMiddleware())
        // First: it wraps every route and the "no such route" answer, so every error has the API's shape.
        router.add(middleware: ErrorMiddleware())
        OpenAPIRoute().register(on: router)
        let v1 = router.group("v1").add(middleware: BearerAuthenticator(tokens: services.tokens))
        BotRoutes(services: services).register(on: v1)
        PreviewRoutes(services: services).register(on: v1)
        KnowledgeRoutes(services: services).register(on: v1)
        KnowledgeSyncRoutes(services: services).register(on: v1)
        BindingRoutes(services: services).register(on: v1)
        ContentRuleRoutes(services: services).register(on: v1)
        return router
    }
}
