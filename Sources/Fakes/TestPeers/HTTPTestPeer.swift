import Foundation
import Hummingbird

/// A local HTTP server with routes that exercise an HTTP client: echo, delays, large and
/// streamed bodies, server-sent events paced by the test. For tests and `aics bench http`.
///
/// Routes (all GET unless said):
/// - `/hello`: "hello".
/// - `POST /echo` (any method): the request body back; header `x-method` carries the method,
///   `x-echo-<name>` echoes request header `<name>` when asked with `?header=<name>`.
/// - `/sleep?ms=N`: waits N ms, then "ok". `peakSleepers` tells how many were waiting at once.
/// - `/bytes?count=N[&chunked=1]`: N bytes of "x", with Content-Length or chunked.
/// - `/events/gated`: event "one", then waits until `openGate()`, then event "two".
/// - `/events/stall`: event "one", then nothing for a minute.
public final class HTTPTestPeer: Sendable {
    public let server: LocalServer
    private let state: PeerState

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { server.baseURL }

    private init(server: LocalServer, state: PeerState) {
        self.server = server
        self.state = state
    }

    public static func start() async throws -> HTTPTestPeer {
        let state = PeerState()
        let router = Router()
        router.get("/hello") { _, _ in "hello" }
        router.on("/echo", method: .post) { request, context in try await echo(request, context) }
        router.on("/echo", method: .put) { request, context in try await echo(request, context) }
        router.on("/echo", method: .patch) { request, context in try await echo(request, context) }
        router.on("/echo", method: .delete) { request, context in try await echo(request, context) }
        router.get("/echo") { request, context in try await echo(request, context) }
        router.get("/sleep") { request, _ -> String in
            let milliseconds = request.uri.queryParameters.get("ms", as: Int.self) ?? 200
            state.sleeperArrived()
            defer { state.sleeperLeft() }
            try await Task.sleep(for: .milliseconds(milliseconds))
            return "ok"
        }
        router.get("/bytes") { request, _ -> Response in
            let count = request.uri.queryParameters.get("count", as: Int.self) ?? 0
            let buffer = ByteBuffer(repeating: UInt8(ascii: "x"), count: count)
            guard request.uri.queryParameters.get("chunked") == "1" else {
                return Response(status: .ok, body: ResponseBody(byteBuffer: buffer))
            }
            return Response(status: .ok, body: ResponseBody { writer in
                var rest = buffer
                while let slice = rest.readSlice(length: min(16_384, rest.readableBytes)), slice.readableBytes > 0 {
                    try await writer.write(slice)
                }
                try await writer.finish(nil)
            })
        }
        router.get("/events/gated") { _, _ -> Response in
            eventStream { writer in
                try await writer.write(ByteBuffer(string: "event: first\ndata: one\n\n"))
                await state.waitForGate()
                try await writer.write(ByteBuffer(string: "event: second\ndata: two\n\n"))
            }
        }
        router.get("/events/stall") { _, _ -> Response in
            eventStream { writer in
                try await writer.write(ByteBuffer(string: "data: one\n\n"))
                try await Task.sleep(for: .seconds(60))
            }
        }
        return HTTPTestPeer(server: try await LocalServer.start(router: router), state: state)
    }

    /// The most `/sleep` requests that were waiting at the same time: proof that a client
    /// overlapped its requests, whatever the machine's speed.
    public var peakSleepers: Int { state.peakSleepers }

    /// Lets `/events/gated` send its second event.
    public func openGate() {
        state.openGate()
    }

    public func stop() async {
        state.openGate()  // a handler still waiting at the gate would hold up the shutdown
        await server.stop()
    }

    private static func echo(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 << 20)
        var headers = HTTPFields()
        headers[.init("x-method")!] = request.method.rawValue
        if let name = request.uri.queryParameters.get("header"),
            let requested = request.headers.first(where: { $0.name.canonicalName == name.lowercased() })
        {
            headers[.init("x-echo-\(name.lowercased())")!] = requested.value
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    private static func eventStream(
        _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await write(&writer)
                try await writer.finish(nil)
            }
        )
    }
}

/// Mutable state shared by the peer's handlers.
private final class PeerState: @unchecked Sendable {
    private let lock = NSLock()
    private var gateOpen = false
    private var gateWaiters: [CheckedContinuation<Void, Never>] = []
    private var sleepers = 0
    private var sleepersPeak = 0

    var peakSleepers: Int {
        lock.lock()
        defer { lock.unlock() }
        return sleepersPeak
    }

    func sleeperArrived() {
        lock.lock()
        sleepers += 1
        sleepersPeak = max(sleepersPeak, sleepers)
        lock.unlock()
    }

    func sleeperLeft() {
        lock.lock()
        sleepers -= 1
        lock.unlock()
    }

    func openGate() {
        lock.lock()
        gateOpen = true
        let waiters = gateWaiters
        gateWaiters = []
        lock.unlock()
        for waiter in waiters { waiter.resume() }
    }

    func waitForGate() async {
        await withCheckedContinuation { continuation in
            lock.lock()
            if gateOpen {
                lock.unlock()
                continuation.resume()
            } else {
                gateWaiters.append(continuation)
                lock.unlock()
            }
        }
    }
}
