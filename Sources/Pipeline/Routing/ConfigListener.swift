import Logging
import Postgres
import ServiceLifecycle

/// Empties the `ConfigCache` on every NOTIFY on `aics_config` (and whenever LISTEN takes effect
/// again after a reconnect, since notifications may have been missed meanwhile).
public struct ConfigListener: Service {
    public static let channel = "aics_config"
    let pool: PostgresPool
    let cache: ConfigCache
    let logger: Logger

    public init(pool: PostgresPool, cache: ConfigCache, logger: Logger) {
        self.pool = pool
        self.cache = cache
        self.logger = logger
    }

    public func run() async throws {
        let pool = self.pool, cache = self.cache, logger = self.logger
        await cancelWhenGracefulShutdown {
            for await event in pool.listen(to: [Self.channel]) {
                switch event {
                case .listening: logger.debug("listening for configuration changes")
                case .notification: break
                }
                cache.invalidateAll()
            }
        }
    }
}
