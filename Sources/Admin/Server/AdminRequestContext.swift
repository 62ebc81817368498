import Hummingbird
import NIOConcurrencyHelpers

/// The request context of the admin API: Hummingbird's, plus the tenant of the request's token.
public struct AdminRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Shared by every copy of this request's context: the authenticator sets it deep inside,
    /// the request log line (outermost) reads it.
    let authenticated = NIOLockedValueBox<String?>(nil)

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// Set by `BearerAuthenticator`; every /v1 route reads and writes only this tenant's rows.
    public var tenantID: String? { authenticated.withLockedValue { $0 } }

    /// The authenticated tenant; routes behind the authenticator always have one.
    func tenant() throws -> String {
        guard let tenantID else { throw AdminError.unauthorized }
        return tenantID
    }
}
