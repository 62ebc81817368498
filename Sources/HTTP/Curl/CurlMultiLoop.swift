import CCurl
import Foundation

/// The thread that drives every transfer of a client, event by event, on a few curl multi
/// handles (`CurlMultiShard`).
///
/// libcurl tells the loop which sockets to watch (`CURLMOPT_SOCKETFUNCTION`) and when to call
/// back (`CURLMOPT_TIMERFUNCTION`); the loop waits on those sockets with epoll and hands libcurl
/// only the ones that are ready (`curl_multi_socket_action`), so a wake-up costs the same with 10
/// or 10,000 open connections.
///
/// Every easy handle is touched only on that thread once submitted. Other threads hand over work
/// through `submit`, which queues a command and signals the epoll set's eventfd.
final class CurlMultiLoop: @unchecked Sendable {
    enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case unpause(CurlTransfer)
        case shutdown
    }

    /// How many multi handles share the thread when no per-host connection limit is set (a
    /// limit must hold across all of them, so it gets one).
    static let shardCount = 4

    private let sockets: EpollSet
    private let shards: [CurlMultiShard]
    // Guarded by `inboxLock`: commands from other threads, and whether the loop still takes any.
    private let inboxLock = NSLock()
    private var inbox: [Command] = []
    private var closed = false
    // Loop thread only.
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var finished: [(easy: UnsafeMutableRawPointer, code: CURLcode)] = []
    private var commands: [Command] = []

    init(maxConnectionsPerHost: Int) throws {
        guard CurlGlobal.initialize() else {
            throw HTTPError.other(url: "", code: -1, reason: "libcurl failed to initialise")
        }
        let sockets = try EpollSet()
        var shards: [CurlMultiShard] = []
        do {
            for index in 0..<(maxConnectionsPerHost > 0 ? 1 : Self.shardCount) {
                shards.append(try CurlMultiShard(index: UInt32(index), sockets: sockets, maxConnectionsPerHost: maxConnectionsPerHost))
            }
        } catch {
            for shard in shards { shard.cleanup() }
            sockets.close()
            throw error
        }
        self.sockets = sockets
        self.shards = shards
        let thread = Thread { [self] in
            // For profilers and `aics bench http`. Not `Thread.name`: on Linux, Foundation hands
            // it to the kernel only when set on the running thread, and racily so from inside.
            aics_set_current_thread_name("aics.http.curl")
            run()
        }
        thread.start()
    }

    /// Queues `command` for the loop thread. False once the loop has shut down.
    @discardableResult
    func submit(_ command: Command) -> Bool {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        guard !closed else { return false }
        inbox.append(command)
        // A non-empty inbox already has a wake-up on its way: the loop empties the inbox after
        // every wait. Under the lock so that the eventfd cannot be closed concurrently.
        if inbox.count == 1 { sockets.wake() }
        return true
    }

    /// Stops the loop: pending and running transfers fail with `HTTPError.shutDown`. Returns at once.
    func shutdown() {
        submit(.shutdown)
    }

    // MARK: Loop thread

    private func run() {
        while true {
            guard runCommands() else { break }
            let now = CurlTimeout.now()
            var wait = CurlTimeout.idleWaitMilliseconds
            for shard in shards { wait = min(wait, shard.timeout.waitMilliseconds(now: now)) }
            sockets.wait(timeoutMilliseconds: wait) { ready in
                shards[Int(ready.tag)].socketReady(ready)
            }
            let later = CurlTimeout.now()
            for shard in shards { shard.runTimerIfDue(now: later) }
            collectFinished()
        }
        close()
    }

    /// Runs the queued commands; false when one of them is `.shutdown`.
    private func runCommands() -> Bool {
        // Swapped, not copied: both arrays keep their capacity, so a burst costs no allocation.
        inboxLock.lock()
        swap(&inbox, &commands)
        inboxLock.unlock()
        defer { commands.removeAll(keepingCapacity: true) }
        var stopping = false
        for command in commands {
            switch command {
            case .add(let transfer): stopping ? transfer.fail(.shutDown(url: transfer.redactedURL)) : start(transfer)
            case .cancel(let transfer): cancel(transfer)
            case .unpause(let transfer):
                // libcurl delivers what it held back and re-arms the socket and its timer.
                if active[ObjectIdentifier(transfer)] != nil { _ = aics_curl_easy_unpause(transfer.easy) }
            case .shutdown: stopping = true
            }
        }
        return !stopping
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelRequested {
            transfer.fail(.cancelled(url: transfer.redactedURL))
            return
        }
        // The least busy shard: spreads connections evenly, and an idle client keeps using the
        // first shard's connections.
        let shard = shards.min { $0.transferCount < $1.transferCount }!
        let code = shard.add(transfer.easy)
        guard code == CURLM_OK else {
            let reason = String(cString: curl_multi_strerror(code))
            transfer.fail(.other(url: transfer.redactedURL, code: Int(code.rawValue), reason: reason))
            return
        }
        transfer.shard = shard
        active[ObjectIdentifier(transfer)] = transfer
    }

    private func cancel(_ transfer: CurlTransfer) {
        guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil, let shard = transfer.shard else {
            // Not started yet (the add is still queued behind us) or already over.
            transfer.cancelRequested = true
            return
        }
        // Removing a running handle stops the transfer; libcurl closes its HTTP/1 connection.
        shard.remove(transfer.easy)
        transfer.shard = nil
        transfer.fail(.cancelled(url: transfer.redactedURL))
    }

    private func collectFinished() {
        for shard in shards { shard.takeFinished(into: &finished) }
        for (easy, code) in finished {
            var context: UnsafeMutableRawPointer?
            _ = aics_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            active.removeValue(forKey: ObjectIdentifier(transfer))
            transfer.shard?.remove(easy)
            transfer.shard = nil
            transfer.finish(code)
        }
        finished.removeAll(keepingCapacity: true)
    }

    private func close() {
        inboxLock.lock()
        closed = true
        let leftovers = inbox
        inbox.removeAll()
        inboxLock.unlock()
        for case .add(let transfer) in leftovers {
            transfer.fail(.shutDown(url: transfer.redactedURL))
        }
        for transfer in active.values {
            transfer.shard?.remove(transfer.easy)
            transfer.shard = nil
            transfer.fail(.shutDown(url: transfer.redactedURL))
        }
        active.removeAll()
        for shard in shards { shard.cleanup() }
        // After the cleanup: libcurl still reports sockets it closes. `closed` keeps `wake` away.
        sockets.close()
    }
}
