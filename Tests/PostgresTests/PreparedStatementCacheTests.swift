@testable import Postgres
import Testing

/// The prepared-statement bookkeeping without a server.
@Suite struct PreparedStatementCacheTests {
    @Test func aTextIsPreparedOnceThenReused() {
        var cache = PreparedStatementCache(capacity: 4)
        #expect(cache.lookup("SELECT 1") == .prepare(name: "aics_s1"))
        #expect(cache.lookup("SELECT 1") == .cached(name: "aics_s1"))
        #expect(cache.lookup("SELECT 2") == .prepare(name: "aics_s2"))
        #expect(cache.lookup("SELECT 1") == .cached(name: "aics_s1"))
        #expect(cache.count == 2)
        #expect(cache.pendingDeallocations.isEmpty)
    }

    @Test func theLeastRecentlyUsedTextIsEvictedAndDeallocatedLater() {
        var cache = PreparedStatementCache(capacity: 2)
        _ = cache.lookup("a")  // aics_s1
        _ = cache.lookup("b")  // aics_s2
        _ = cache.lookup("a")  // a is now more recent than b
        #expect(cache.lookup("c") == .prepare(name: "aics_s3"))
        #expect(cache.count == 2)
        #expect(cache.takePendingDeallocations() == ["aics_s2"])
        #expect(cache.pendingDeallocations.isEmpty)
        #expect(cache.lookup("a") == .cached(name: "aics_s1"))
        // b comes back under a new name; names are never reused.
        #expect(cache.lookup("b") == .prepare(name: "aics_s4"))
        #expect(cache.takePendingDeallocations() == ["aics_s3"])
    }

    @Test func aFailedPreparationIsForgottenWithoutDeallocation() {
        var cache = PreparedStatementCache(capacity: 2)
        #expect(cache.lookup("SELEC 1") == .prepare(name: "aics_s1"))
        cache.forget("SELEC 1", name: "aics_s1", existsOnServer: false)
        #expect(cache.count == 0)
        #expect(cache.pendingDeallocations.isEmpty)
        #expect(cache.lookup("SELEC 1") == .prepare(name: "aics_s2"))
        // A stale report about the old name leaves the new entry alone.
        cache.forget("SELEC 1", name: "aics_s1", existsOnServer: true)
        #expect(cache.lookup("SELEC 1") == .cached(name: "aics_s2"))
    }

    @Test func staleStatementsAreDroppedByKind() throws {
        var cache = PreparedStatementCache(capacity: 4)
        _ = cache.lookup("SELECT * FROM t")
        _ = cache.lookup("SELECT 1")
        let changed = PostgresError(.server, sqlState: "0A000", message: "cached plan must not change result type")
        let staleness = try #require(PreparedStatementCache.staleness(of: changed))
        cache.handle(staleness, sql: "SELECT * FROM t", name: "aics_s1")
        #expect(cache.takePendingDeallocations() == ["aics_s1"])
        #expect(cache.lookup("SELECT 1") == .cached(name: "aics_s2"))

        _ = cache.lookup("a")
        cache.forget("a", name: "aics_s3", existsOnServer: true)
        let gone = PostgresError(.server, sqlState: "26000", message: "prepared statement \"aics_s2\" does not exist")
        cache.handle(try #require(PreparedStatementCache.staleness(of: gone)), sql: "SELECT 1", name: "aics_s2")
        #expect(cache.count == 0)
        // DEALLOCATE ALL took every name with it.
        #expect(cache.pendingDeallocations.isEmpty)
        #expect(PreparedStatementCache.staleness(of: PostgresError(.server, sqlState: "23505", message: "duplicate key")) == nil)
    }

    @Test func capacityZeroDisablesTheCache() {
        var cache = PreparedStatementCache(capacity: 0)
        #expect(cache.lookup("SELECT 1") == .unprepared)
        #expect(cache.lookup("SELECT 1") == .unprepared)
        #expect(cache.count == 0)
    }
}
