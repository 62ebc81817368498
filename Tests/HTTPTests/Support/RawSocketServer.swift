import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 on plain sockets, for peers Hummingbird cannot play: closing
/// mid-body, never answering, never accepting. Each connection runs `handler` on its own thread.
final class RawSocketServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var fillers: [Int32] = []
    private var stopped = false
    private var requests = 0
    private var closes = 0
    private var accepted = 0
    private var sent = 0

    var url: String { "http://127.0.0.1:\(port)" }
    /// Requests whose head the handlers read so far.
    var requestsReceived: Int { withLock { requests } }
    /// Connections the client closed while a handler waited in `waitForPeerClose`.
    var closesSeen: Int { withLock { closes } }
    /// Bytes handlers' writes handed to the kernel so far.
    var bytesSent: Int { withLock { sent } }
    /// TCP connections accepted so far.
    var connectionsAccepted: Int { withLock { accepted } }

    /// - Parameter handler: nil for a listener that never accepts.
    init(backlog: Int32 = 64, handler: (@Sendable (RawConnection) -> Void)?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawSocketError.failed("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, backlog) == 0
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(fd)
            throw RawSocketError.failed("bind/listen")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        guard let handler else { return }
        let thread = Thread { [self] in acceptLoop(handler) }
        thread.start()
    }

    /// Fills the accept queue of a never-accepting listener so that further SYNs are dropped.
    func fillBacklog(connections: Int) {
        for _ in 0..<connections {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            withLock { fillers.append(fd) }
        }
    }

    func stop() {
        let fds = withLock { () -> [Int32] in
            stopped = true
            defer { fillers = [] }
            return fillers
        }
        fds.forEach { _ = Glibc.close($0) }
        // Wakes a blocked accept() with an error; then the descriptor can go.
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    fileprivate func recordRequest() { withLock { requests += 1 } }
    fileprivate func recordClose() { withLock { closes += 1 } }
    fileprivate func recordSent(_ count: Int) { withLock { sent += count } }

    private func acceptLoop(_ handler: @escaping @Sendable (RawConnection) -> Void) {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            if withLock({ stopped }) {
                Glibc.close(fd)
                return
            }
            withLock { accepted += 1 }
            var noDelay: Int32 = 1  // small writes leave as separate segments
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let connection = RawConnection(fd: fd, server: self)
            Thread { handler(connection); connection.close() }.start()
        }
    }

    private func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// One accepted connection of a `RawSocketServer`; used by one handler thread.
final class RawConnection: @unchecked Sendable {
    private let fd: Int32
    private let server: RawSocketServer
    private var closed = false

    fileprivate init(fd: Int32, server: RawSocketServer) {
        self.fd = fd
        self.server = server
    }

    /// Reads up to the blank line that ends the request head (the test requests have no body).
    @discardableResult
    func readRequestHead(timeoutSeconds: Int = 10) -> String? {
        var received: [UInt8] = []
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while !received.suffix(4).elementsEqual(end) {
            guard let chunk = receive(timeoutSeconds: timeoutSeconds), !chunk.isEmpty else { return nil }
            received += chunk
        }
        server.recordRequest()
        return String(decoding: received, as: UTF8.self)
    }

    func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Blocking write of all `bytes`; false when the peer is gone.
    @discardableResult
    func write(bytes: [UInt8]) -> Bool {
        var bytes = bytes[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            server.recordSent(sent)
            bytes = bytes.dropFirst(sent)
        }
        return true
    }

    /// Waits until the client closes the connection; records it on the server. False on timeout.
    @discardableResult
    func waitForPeerClose(timeoutSeconds: Int = 20) -> Bool {
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        while Date() < deadline {
            guard let chunk = receive(timeoutSeconds: 1) else { continue }
            if chunk.isEmpty {
                server.recordClose()
                return true
            }
        }
        return false
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// nil on timeout, empty at end of stream or error, else the bytes read.
    private func receive(timeoutSeconds: Int) -> [UInt8]? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeoutSeconds * 1000))
        if ready == 0 { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[..<count]) : []
    }
}

enum RawSocketError: Error {
    case failed(String)
}

/// Polls `condition` until it holds or `timeout` passes; for waits on other threads' progress.
/// The timeout is a ceiling against hangs, not a speed check: the full test run starts worker
/// processes beside these tests on two cores, and a thread may wait its turn for seconds.
func eventually(within timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
