import CCurl

/// One curl multi handle of the loop, with its own connection cache and timer.
///
/// The loop spreads transfers over a few shards because libcurl 7.88 walks a multi handle's whole
/// connection cache when it looks for a connection to reuse and again in every
/// `curl_multi_remove_handle`: with 4,000 connections to one host, four shards halved the curl
/// thread's time per request (`aics bench http`). All shards share the loop's thread and epoll
/// set; a transfer stays on one shard. Loop thread only.
final class CurlMultiShard {
    let multi: UnsafeMutableRawPointer
    /// Tags this shard's sockets in the epoll set.
    let index: UInt32
    private unowned let sockets: EpollSet
    private(set) var timeout = CurlTimeout()
    /// Transfers added and not yet removed.
    private(set) var transferCount = 0

    init(index: UInt32, sockets: EpollSet, maxConnectionsPerHost: Int) throws {
        guard let multi = curl_multi_init() else {
            throw HTTPError.other(url: "", code: -1, reason: "curl_multi_init failed")
        }
        self.multi = multi
        self.index = index
        self.sockets = sockets
        // Multiplex HTTP/2 streams over one connection when the server speaks HTTP/2.
        _ = aics_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, aics_curlpipe_multiplex())
        _ = aics_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        // Unretained: the loop keeps its shards until after `curl_multi_cleanup`, after which
        // libcurl calls neither callback.
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = aics_curl_multi_setopt_socket_callback(multi, curlSocketCallback)
        _ = aics_curl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        _ = aics_curl_multi_setopt_timer_callback(multi, curlTimerCallback)
        _ = aics_curl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
    }

    func add(_ easy: UnsafeMutableRawPointer) -> CURLMcode {
        // Sets a 0 ms timer: the loop's next turn starts the transfer.
        let code = curl_multi_add_handle(multi, easy)
        if code == CURLM_OK { transferCount += 1 }
        return code
    }

    func remove(_ easy: UnsafeMutableRawPointer) {
        if curl_multi_remove_handle(multi, easy) == CURLM_OK { transferCount -= 1 }
    }

    /// Hands libcurl a socket that epoll reported.
    func socketReady(_ ready: EpollSet.Readiness) {
        var mask: Int32 = 0
        if ready.readable { mask |= CURL_CSELECT_IN }
        if ready.writable { mask |= CURL_CSELECT_OUT }
        if ready.failed { mask |= CURL_CSELECT_ERR }
        var running: Int32 = 0
        _ = curl_multi_socket_action(multi, ready.socket, mask, &running)
    }

    /// Tells libcurl its timer expired, if it did.
    func runTimerIfDue(now: UInt64) {
        guard timeout.takeIfDue(now: now) else { return }
        var running: Int32 = 0
        _ = curl_multi_socket_action(multi, aics_curl_socket_timeout(), 0, &running)
    }

    /// Appends every finished transfer. All messages are read before any handle is removed:
    /// curl_multi_remove_handle walks the unread ones.
    func takeFinished(into finished: inout [(easy: UnsafeMutableRawPointer, code: CURLcode)]) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            finished.append((easy, message.pointee.data.result))
        }
    }

    func cleanup() {
        _ = curl_multi_cleanup(multi)
    }

    fileprivate func watch(_ socket: curl_socket_t, what: Int32) {
        if what == CURL_POLL_REMOVE {
            sockets.unwatch(socket)
        } else {
            sockets.watch(socket, tag: index, readable: what & CURL_POLL_IN != 0, writable: what & CURL_POLL_OUT != 0)
        }
    }

    fileprivate func setTimer(milliseconds: Int) {
        timeout.set(milliseconds: milliseconds, now: CurlTimeout.now())
    }
}

private let curlSocketCallback: curl_socket_callback = { _, socket, what, shard, _ in
    Unmanaged<CurlMultiShard>.fromOpaque(shard!).takeUnretainedValue().watch(socket, what: what)
    return 0
}

private let curlTimerCallback: curl_multi_timer_callback = { _, milliseconds, shard in
    Unmanaged<CurlMultiShard>.fromOpaque(shard!).takeUnretainedValue().setTimer(milliseconds: milliseconds)
    return 0
}
