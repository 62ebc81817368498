import HTTPTypes
import Hummingbird
import JSON
import Logging
import NIOCore
import ServiceLifecycle

/// The operations endpoints of a long-running command, on their own port:
/// - `GET /metrics`: every metric of `registry` in the Prometheus text format (`sample` runs
///   first, to set gauges from the process's state);
/// - `GET /healthz`: 200 while the process serves (liveness);
/// - `GET /readyz`: 200 once every readiness check passes, else 503 with
///   `{"status": "not_ready", "reason": ...}` naming the first that failed.
public struct OperationsServer: Service {
    public let address: ListenAddress
    let registry: MetricsRegistry
    let readiness: [ReadinessCheck]
    let sample: @Sendable () -> Void
    let logger: Logger
    private let bound = BoundAddress()

    public init(
        address: ListenAddress, registry: MetricsRegistry, readiness: [ReadinessCheck], sample: @escaping @Sendable () -> Void = {},
        logger: Logger
    ) {
        self.address = address
        self.registry = registry
        self.readiness = readiness
        self.sample = sample
        self.logger = logger
    }

    /// Waits until `run()` listens and returns the address (port 0 resolved); throws when it
    /// could not bind.
    public func listening() async throws -> ListenAddress {
        try await bound.wait()
    }

    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Serves until graceful shutdown or cancellation; throws when the address cannot be bound.
    public func run() async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { [address, logger, bound] channel in
                let listening = ListenAddress(host: address.host, port: channel.localAddress?.port ?? address.port)
                logger.info("operations endpoints listening", metadata: ["address": "\(listening)", "paths": "/metrics /healthz /readyz"])
                bound.resolve(.success(listening))
            },
            logger: logger)
        do {
            try await app.run()
            bound.resolve(.failure(OperationsServerError.stopped(address)))
        } catch {
            bound.resolve(.failure(OperationsServerError.cannotListen(address, "\(error)")))
            throw error
        }
    }

    /// `run()` for a task beside the command's own work: a failure is logged, not thrown (a
    /// failure to bind is what `listening()` reports). Ends when the task is cancelled.
    public func serve() async {
        do {
            try await run()
        } catch {
            if !Task.isCancelled { logger.error("operations endpoints failed", metadata: ["error": "\(error)"]) }
        }
    }

    /// Runs `body` while the server serves beside it (given the address it listens on), then
    /// stops the server. Throws at once when the server cannot listen.
    public func serving<T: Sendable>(_ body: (ListenAddress) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await serve() }
            do {
                let value = try await body(try await listening())
                group.cancelAll()
                return value
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { [registry, sample] _, _ -> Response in
            sample()
            var headers = HTTPFields()
            headers[.contentType] = Self.prometheusContentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.exposition())))
        }
        router.get("healthz") { _, _ -> Response in
            Self.json(.ok, ["status": .string("alive")])
        }
        router.get("readyz") { [readiness] _, _ -> Response in
            for check in readiness {
                if let reason = await check.evaluate() {
                    return Self.json(.serviceUnavailable, ["status": .string("not_ready"), "check": .string(check.name), "reason": .string(reason)])
                }
            }
            return Self.json(.ok, ["status": .string("ready")])
        }
        return router
    }

    static func json(_ status: HTTPResponse.Status, _ members: [String: JSONValue]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(.object(members)))))
    }
}
