import Catalog
import Hummingbird
import Logging
import NIOCore
import Postgres

/// Turns every error into the API's error shape and logs each request in one line: method,
/// path, status and duration (the tenant is known only inside the authenticator, whose logger
/// carries it for everything logged deeper). Never a body, a header or a query value: bodies carry keys.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let admin = Self.translate(error, logger: context.logger)
            response = try admin.response(from: request, context: context)
        }
        let elapsed = clock.now - start
        context.logger.info("request", metadata: [
            "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
            "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ])
        return response
    }

    static func translate(_ error: any Error, logger: Logger) -> AdminError {
        switch error {
        case let error as AdminError:
            return error
        case let error as InputError:
            return .invalid(error)
        case let error as CatalogError:
            switch error {
            case .duplicateName: return AdminError(.conflict, code: "duplicate_name", error.description, field: "name")
            case .notFound: return .notFound("not found")
            case .inUse: return AdminError(.conflict, code: "in_use", error.description)
            case .botOfAnotherTenant, .unknownBot: return AdminError(.badRequest, code: "invalid_field", "no such bot in this tenant", field: "bot")
            case .invalid(let reason): return AdminError(.badRequest, code: "invalid", reason)
            case .secretsUnreadable, .corruptRow:
                logger.error("catalog row unreadable", metadata: ["error": "\(error)"])
                return AdminError(.internalServerError, code: "unreadable", error.description)
            }
        case let error as HTTPError:
            if error.status == .notFound { return .notFound("no such route: see GET /openapi.json") }
            if error.status == .contentTooLarge { return AdminError(.contentTooLarge, code: "body_too_large", "the request body is too large") }
            return AdminError(error.status, code: "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        case is NIOTooManyBytesError:
            return AdminError(.contentTooLarge, code: "body_too_large", "the request body is too large")
        case let error as PostgresError:
            logger.error("database error", metadata: ["error": "\(error)"])
            if error.sqlState == "42P01" {
                return AdminError(.serviceUnavailable, code: "not_migrated", "the database has no aics tables yet: run `aics migrate`")
            }
            return AdminError(.serviceUnavailable, code: "database_unavailable", "the database did not answer; try again")
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(describing: type(of: error)))"])
            return AdminError(.internalServerError, code: "internal", "an internal error occurred; the admin API's log has the details")
        }
    }
}
