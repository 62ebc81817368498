import CCurl
import Glibc

/// The sockets the curl loop waits on: an epoll instance, plus an eventfd in it that any thread
/// may signal to end a wait early.
///
/// `watch`, `unwatch`, `wait` and `close` belong to the loop thread; `wake` may come from any
/// thread, but never after (or concurrently with) `close`: the caller serializes the two.
final class EpollSet: @unchecked Sendable {
    /// What epoll reported for one socket.
    struct Readiness {
        var socket: Int32
        /// The tag given to `watch`.
        var tag: UInt32
        var readable: Bool
        var writable: Bool
        var failed: Bool
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let events: UnsafeMutableBufferPointer<epoll_event>
    private static let wakeData = UInt64.max
    /// By descriptor: what epoll has, and whether libcurl still wants it (see `unwatch`).
    private var registrations: [Registration?] = []

    private struct Registration {
        var mask: UInt32
        var wanted: Bool
    }

    /// - Parameter capacity: most sockets reported by one `wait`; more stay ready for the next.
    init(capacity: Int = 512) throws {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        events = .allocate(capacity: capacity)
        events.initialize(repeating: epoll_event())
        guard epollFD >= 0, wakeFD >= 0, control(EPOLL_CTL_ADD, wakeFD, EPOLLIN.rawValue, Self.wakeData) else {
            let reason = String(cString: strerror(errno))
            close()
            throw HTTPError.other(url: "", code: -1, reason: "epoll/eventfd setup failed: \(reason)")
        }
    }

    /// Waits for `socket` to become readable and/or writable (both false: for errors only);
    /// `wait` reports it with `tag`.
    func watch(_ socket: Int32, tag: UInt32, readable: Bool, writable: Bool) {
        guard socket >= 0 else { return }
        let mask = (readable ? EPOLLIN.rawValue : 0) | (writable ? EPOLLOUT.rawValue : 0)
        let data = UInt64(tag) << 32 | UInt64(UInt32(bitPattern: socket))
        let index = Int(socket)
        if index >= registrations.count {
            registrations.append(contentsOf: repeatElement(nil, count: max(index + 1 - registrations.count, registrations.count)))
        }
        // Never skipped, even when the table says epoll has it just so: the table can be stale.
        // A descriptor closed by libcurl leaves the epoll set by itself (libcurl reports no
        // close for a socket it no longer watches) and its number comes back for a new socket.
        // So each operation falls back to the other.
        let known = registrations[index] != nil
        if !control(known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, mask, data) {
            let retry = known ? (errno == ENOENT ? EPOLL_CTL_ADD : nil) : (errno == EEXIST ? EPOLL_CTL_MOD : nil)
            guard let retry, control(retry, socket, mask, data) else {
                registrations[index] = nil
                return
            }
        }
        registrations[index] = Registration(mask: mask, wanted: true)
    }

    /// libcurl no longer wants `socket`. A socket waiting only for reads stays in the epoll set:
    /// a kept-alive connection is usually taken up by the next request soon, and a single
    /// EPOLL_CTL_MOD then replaces a DEL now and an ADD later. Should it turn readable while
    /// unwanted (the peer closed it), `wait` removes it then.
    func unwatch(_ socket: Int32) {
        let index = Int(socket)
        guard index >= 0, index < registrations.count, let current = registrations[index] else {
            _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, socket, nil)
            return
        }
        if current.mask == EPOLLIN.rawValue {
            registrations[index]?.wanted = false
        } else {
            _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, socket, nil)
            registrations[index] = nil
        }
    }

    /// Ends the current or next `wait` at once. Cheap, but a system call: callers skip it when a
    /// wake-up is already pending.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Waits up to `timeoutMilliseconds` (-1: no limit) and calls `ready` for each ready socket.
    /// A wake-up ends the wait without a call.
    func wait(timeoutMilliseconds: Int32, _ ready: (Readiness) -> Void) {
        let count = epoll_wait(epollFD, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        guard count > 0 else { return }  // timeout, or EINTR: the caller loops anyway
        for event in events[0..<Int(count)] {
            let data = event.data.u64
            if data == Self.wakeData {
                var value: UInt64 = 0
                _ = read(wakeFD, &value, 8)
                continue
            }
            let socket = Int32(bitPattern: UInt32(truncatingIfNeeded: data))
            if Int(socket) < registrations.count, let registration = registrations[Int(socket)], !registration.wanted {
                _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, socket, nil)
                registrations[Int(socket)] = nil
                continue
            }
            let flags = event.events
            let failed = flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
            ready(
                Readiness(
                    socket: socket,
                    tag: UInt32(truncatingIfNeeded: data >> 32),
                    // A hang-up or error is read as such: libcurl finds out by reading.
                    readable: flags & EPOLLIN.rawValue != 0 || failed,
                    writable: flags & EPOLLOUT.rawValue != 0,
                    failed: flags & EPOLLERR.rawValue != 0
                )
            )
        }
    }

    func close() {
        if epollFD >= 0 { _ = Glibc.close(epollFD) }
        if wakeFD >= 0 { _ = Glibc.close(wakeFD) }
        events.deallocate()
    }

    private func control(_ operation: Int32, _ socket: Int32, _ mask: UInt32, _ data: UInt64) -> Bool {
        var event = epoll_event()
        event.events = mask
        event.data.u64 = data
        return epoll_ctl(epollFD, operation, socket, &event) == 0
    }
}
