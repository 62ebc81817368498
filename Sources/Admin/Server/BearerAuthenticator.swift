import Hummingbird

/// Accepts a request only with `Authorization: Bearer <token>` of a token in force, and scopes it
/// to that token's tenant. Anything else answers 401 before a route runs.
struct BearerAuthenticator: RouterMiddleware {
    typealias Context = AdminRequestContext
    let tokens: TokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw AdminError.unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let tenant = try await tokens.tenant(of: parts[1].trimmingCharacters(in: .whitespaces))
        else { throw AdminError.unauthorized }
        var context = context
        context.tenantID = tenant
        context.logger[metadataKey: "tenant_id"] = "\(tenant)"
        return try await next(request, context)
    }
}
