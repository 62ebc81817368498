import Hummingbird

/// The request context of the admin API: Hummingbird's, plus the tenant of the request's token.
/// A value: no reference may be shared here, since one context can serve several requests of a
/// keep-alive connection and a tenant must never outlive its request.
public struct AdminRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `BearerAuthenticator`; every /v1 route reads and writes only this tenant's rows.
    public var tenantID: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.tenantID = nil
    }

    /// The authenticated tenant; routes behind the authenticator always have one.
    func tenant() throws -> String {
        guard let tenantID else { throw AdminError.unauthorized }
        return tenantID
    }
}
