/// Which named prepared statement serves which SQL text on one connection (libpq session). The
/// server then parses and plans a statement once per connection instead of once per execution.
///
/// A value-type state machine without I/O: the session asks `lookup` before a statement, prepares
/// the statement when told to, and reports what the server said (`forget`, `forgetAll`). Entries
/// beyond `capacity` are evicted least recently used first; their names wait in
/// `pendingDeallocations` until the session can send `DEALLOCATE` (never inside a pipeline, where
/// a statement already sent may still use the name).
struct PreparedStatementCache {
    /// What to run for a SQL text.
    enum Lookup: Equatable {
        /// The statement is prepared under this name: execute it.
        case cached(name: String)
        /// Prepare the statement under this name first, then execute it. The entry is already
        /// recorded; call `forget` if the server rejects the preparation.
        case prepare(name: String)
        /// The cache is disabled (capacity 0): run the statement unnamed.
        case unprepared
    }

    private struct Entry {
        var name: String
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    private var nextNumber = 1
    /// Names evicted or invalidated that still exist on the server.
    private(set) var pendingDeallocations: [String] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// How many statements are prepared (or being prepared) now.
    var count: Int { entries.count }

    /// The statement name for `sql`, marking it most recently used; a new entry when `sql` is
    /// not cached, evicting the least recently used one beyond `capacity`.
    mutating func lookup(_ sql: String) -> Lookup {
        guard capacity > 0 else { return .unprepared }
        clock &+= 1
        let now = clock
        if let name = entries[sql]?.name {
            entries[sql]?.lastUse = now
            return .cached(name: name)
        }
        if entries.count >= capacity { evictLeastRecentlyUsed() }
        let name = "aics_s\(nextNumber)"
        nextNumber += 1
        entries[sql] = Entry(name: name, lastUse: now)
        return .prepare(name: name)
    }

    /// Drops the entry `name` of `sql` after the server rejected it: its preparation failed, or
    /// it became stale (`cached plan must not change result type`). `existsOnServer` queues the
    /// name for `DEALLOCATE`. Nothing happens if `sql` is cached under another name by now.
    mutating func forget(_ sql: String, name: String, existsOnServer: Bool) {
        guard entries[sql]?.name == name else { return }
        entries.removeValue(forKey: sql)
        if existsOnServer { pendingDeallocations.append(name) }
    }

    /// Drops every entry without deallocating: the server no longer knows our statements
    /// (`DISCARD ALL`, `DEALLOCATE ALL`), or which of them exist is unknown.
    mutating func forgetAll() {
        entries.removeAll(keepingCapacity: true)
        pendingDeallocations.removeAll()
    }

    /// Hands over the names to deallocate and clears the list.
    mutating func takePendingDeallocations() -> [String] {
        defer { pendingDeallocations.removeAll() }
        return pendingDeallocations
    }

    /// Whether a failed execution of a cached statement may be the cache's fault, so that dropping
    /// the entry and preparing again can help: the statement is gone (SQLSTATE 26000, e.g. after
    /// `DISCARD ALL`), or a table changed under it (0A000, "cached plan must not change result
    /// type"; matched by code only, since servers may translate messages).
    static func staleness(of error: PostgresError) -> Staleness? {
        switch error.sqlState {
        case "26000": .gone
        case "0A000": .changedResultType
        default: nil
        }
    }

    /// Why a cached statement failed; see `staleness(of:)`.
    enum Staleness {
        /// The server does not know the statement (nor, most likely, any other of ours).
        case gone
        /// The statement exists but must be prepared anew.
        case changedResultType
    }

    /// Updates the cache after `staleness` was reported for `sql` cached as `name`.
    mutating func handle(_ staleness: Staleness, sql: String, name: String) {
        switch staleness {
        case .gone: forgetAll()
        case .changedResultType: forget(sql, name: name, existsOnServer: true)
        }
    }

    private mutating func evictLeastRecentlyUsed() {
        // A linear scan: eviction is rare (only past `capacity` distinct texts) and capacity small.
        guard let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) else { return }
        entries.removeValue(forKey: oldest.key)
        pendingDeallocations.append(oldest.value.name)
    }
}
