import CCurl
import Foundation

/// One curl multi handle and the thread that drives it.
///
/// Every easy handle is touched only on that thread once submitted. Other threads hand over work
/// through `submit`, which queues a command and calls `curl_multi_wakeup` to end the thread's
/// `curl_multi_poll` at once.
final class CurlMultiLoop: @unchecked Sendable {
    enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case unpause(CurlTransfer)
        case shutdown
    }

    private let multi: UnsafeMutableRawPointer
    // Guarded by `inboxLock`: commands from other threads, and whether the loop still takes any.
    private let inboxLock = NSLock()
    private var inbox: [Command] = []
    private var closed = false
    // Loop thread only.
    private var active: [ObjectIdentifier: CurlTransfer] = [:]

    init(maxConnectionsPerHost: Int) throws {
        guard CurlGlobal.initialize(), let multi = curl_multi_init() else {
            throw HTTPError.other(url: "", code: -1, reason: "libcurl failed to initialise")
        }
        self.multi = multi
        // Multiplex HTTP/2 streams over one connection when the server speaks HTTP/2.
        _ = aics_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, aics_curlpipe_multiplex())
        _ = aics_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        let thread = Thread { [self] in run() }
        thread.name = "aics.http.curl"
        thread.start()
    }

    /// Queues `command` for the loop thread. False once the loop has shut down.
    @discardableResult
    func submit(_ command: Command) -> Bool {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        guard !closed else { return false }
        inbox.append(command)
        // Under the lock so that the handle cannot be cleaned up concurrently.
        _ = curl_multi_wakeup(multi)
        return true
    }

    /// Stops the loop: pending and running transfers fail with `HTTPError.shutDown`. Returns at once.
    func shutdown() {
        submit(.shutdown)
    }

    private func run() {
        var running: Int32 = 0
        var stopping = false
        while !stopping {
            for command in takeCommands() {
                switch command {
                case .add(let transfer): stopping ? transfer.fail(.shutDown(url: transfer.redactedURL)) : start(transfer)
                case .cancel(let transfer): cancel(transfer)
                case .unpause(let transfer):
                    if active[ObjectIdentifier(transfer)] != nil { _ = aics_curl_easy_unpause(transfer.easy) }
                case .shutdown: stopping = true
                }
            }
            if stopping { break }
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        close()
    }

    private func takeCommands() -> [Command] {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        let commands = inbox
        inbox.removeAll(keepingCapacity: true)
        return commands
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelRequested {
            transfer.fail(.cancelled(url: transfer.redactedURL))
            return
        }
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
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            var context: UnsafeMutableRawPointer?
            _ = aics_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            active.removeValue(forKey: ObjectIdentifier(transfer))
            _ = curl_multi_remove_handle(multi, easy)
            transfer.finish(code)
        }
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
    }
}
