import CCurl
import Foundation

/// One curl multi handle and the thread that drives it, event by event.
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

    private let multi: UnsafeMutableRawPointer
    private let sockets: EpollSet
    // Guarded by `inboxLock`: commands from other threads, and whether the loop still takes any.
    private let inboxLock = NSLock()
    private var inbox: [Command] = []
    private var closed = false
    // Loop thread only.
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var timeout = CurlTimeout()
    private var finished: [(easy: UnsafeMutableRawPointer, code: CURLcode)] = []

    init(maxConnectionsPerHost: Int) throws {
        guard CurlGlobal.initialize(), let multi = curl_multi_init() else {
            throw HTTPError.other(url: "", code: -1, reason: "libcurl failed to initialise")
        }
        do {
            sockets = try EpollSet()
        } catch {
            curl_multi_cleanup(multi)
            throw error
        }
        self.multi = multi
        // Multiplex HTTP/2 streams over one connection when the server speaks HTTP/2.
        _ = aics_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, aics_curlpipe_multiplex())
        _ = aics_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        // The callbacks get the loop unretained: the thread below keeps it alive until the
        // multi handle is cleaned up, after which libcurl calls neither.
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = aics_curl_multi_setopt_socket_callback(multi, curlSocketCallback)
        _ = aics_curl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        _ = aics_curl_multi_setopt_timer_callback(multi, curlTimerCallback)
        _ = aics_curl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
        let thread = Thread { [self] in
            // Named from inside: on Linux, Foundation passes the name to the kernel (where
            // profilers and `aics bench http` see it) only for the current thread.
            Thread.current.name = "aics.http.curl"
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

    // MARK: Callbacks from libcurl (loop thread, inside curl_multi_* calls)

    fileprivate func watch(_ socket: curl_socket_t, what: Int32) {
        if what == CURL_POLL_REMOVE {
            sockets.unwatch(socket)
        } else {
            sockets.watch(socket, readable: what & CURL_POLL_IN != 0, writable: what & CURL_POLL_OUT != 0)
        }
    }

    fileprivate func setTimer(milliseconds: Int) {
        timeout.set(milliseconds: milliseconds, now: CurlTimeout.now())
    }

    // MARK: Loop thread

    private func run() {
        var running: Int32 = 0
        while true {
            guard runCommands() else { break }
            sockets.wait(timeoutMilliseconds: timeout.waitMilliseconds(now: CurlTimeout.now())) { ready in
                var mask: Int32 = 0
                if ready.readable { mask |= CURL_CSELECT_IN }
                if ready.writable { mask |= CURL_CSELECT_OUT }
                if ready.failed { mask |= CURL_CSELECT_ERR }
                _ = curl_multi_socket_action(multi, ready.socket, mask, &running)
            }
            if timeout.takeIfDue(now: CurlTimeout.now()) {
                _ = curl_multi_socket_action(multi, aics_curl_socket_timeout(), 0, &running)
            }
            collectFinished()
        }
        close()
    }

    /// Runs the queued commands; false when one of them is `.shutdown`.
    private func runCommands() -> Bool {
        inboxLock.lock()
        let commands = inbox
        inbox.removeAll(keepingCapacity: true)
        inboxLock.unlock()
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
        // Sets a 0 ms timer: the next turn of the loop starts the transfer.
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            let reason = String(cString: curl_multi_strerror(code))
            transfer.fail(.other(url: transfer.redactedURL, code: Int(code.rawValue), reason: reason))
            return
        }
        active[ObjectIdentifier(transfer)] = transfer
    }

    private func cancel(_ transfer: CurlTransfer) {
        guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil else {
            // Not started yet (the add is still queued behind us) or already over.
            transfer.cancelRequested = true
            return
        }
        // Removing a running handle stops the transfer; libcurl closes its HTTP/1 connection.
        _ = curl_multi_remove_handle(multi, transfer.easy)
        transfer.fail(.cancelled(url: transfer.redactedURL))
    }

    private func collectFinished() {
        // Read every message before removing any handle: curl_multi_remove_handle walks the
        // unread messages, which made a burst of completions quadratic.
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            finished.append((easy, message.pointee.data.result))
        }
        for (easy, code) in finished {
            var context: UnsafeMutableRawPointer?
            _ = aics_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            active.removeValue(forKey: ObjectIdentifier(transfer))
            _ = curl_multi_remove_handle(multi, easy)
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
            _ = curl_multi_remove_handle(multi, transfer.easy)
            transfer.fail(.shutDown(url: transfer.redactedURL))
        }
        active.removeAll()
        _ = curl_multi_cleanup(multi)
        // After the cleanup: libcurl still reports sockets it closes. `closed` keeps `wake` away.
        sockets.close()
    }
}

private let curlSocketCallback: curl_socket_callback = { _, socket, what, loop, _ in
    Unmanaged<CurlMultiLoop>.fromOpaque(loop!).takeUnretainedValue().watch(socket, what: what)
    return 0
}

private let curlTimerCallback: curl_multi_timer_callback = { _, milliseconds, loop in
    Unmanaged<CurlMultiLoop>.fromOpaque(loop!).takeUnretainedValue().setTimer(milliseconds: milliseconds)
    return 0
}
