import Logging
import Postgres
import ServiceLifecycle

/// Drops what a NOTIFY on `aics_config` can affect from the `ConfigCache` (`ConfigChange`), and
/// everything whenever LISTEN takes effect again after a reconnect, since notifications may have
/// been missed meanwhile.
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
                case .listening:
                    // Changes made while not listening were missed.
                    logger.debug("listening for configuration changes")
                    cache.invalidateAll()
                case .notification(let notification):
                    cache.invalidate(ConfigChange(payload: notification.payload))
                }
            }
        }
    }
}
