import Fakes
import HTTP
import Testing

/// Runs `body` with a fresh client and test peer, and tears both down.
func withPeer(
    _ configuration: HTTPClient.Configuration = .init(),
    _ body: (HTTPClient, HTTPTestPeer) async throws -> Void
) async throws {
    let peer = try await HTTPTestPeer.start()
    let client = try HTTPClient(configuration: configuration)
    do {
        try await body(client, peer)
    } catch {
        client.shutdown()
        await peer.stop()
        throw error
    }
    client.shutdown()
    await peer.stop()
}

@Suite struct HTTPClientTests {
    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await withPeer { client, peer in
            let response = try await client.execute(HTTPRequest(url: peer.baseURL + "/hello"))
            #expect(response.status == 200)
            #expect(response.headers["Content-Length"] == "5")
            #expect(String(decoding: response.body, as: UTF8.self) == "hello")
        }
    }

    @Test(arguments: [HTTPRequest.Method.post, .put, .patch, .delete])
    func sendsMethodHeadersAndBody(_ method: HTTPRequest.Method) async throws {
        try await withPeer { client, peer in
            let body = Array("{\"q\":\"\(method.rawValue)\"}".utf8)
            let request = HTTPRequest(
                method: method,
                url: peer.baseURL + "/echo?header=x-token",
                headers: ["Content-Type": "application/json", "X-Token": "t-1"],
                body: body
            )
            let response = try await client.execute(request)
            #expect(response.status == 200)
            #expect(response.headers["x-method"] == method.rawValue)
            #expect(response.headers["x-echo-x-token"] == "t-1")
            #expect(response.body == body)
        }
    }

    @Test func emptyHeaderValueIsSentEmpty() async throws {
        try await withPeer { client, peer in
            let request = HTTPRequest(url: peer.baseURL + "/echo?header=x-empty", headers: ["X-Empty": ""])
            let response = try await client.execute(request)
            #expect(response.headers["x-echo-x-empty"] == "")
        }
    }

    @Test(arguments: [("X-Bad", "a\r\nInjected: yes"), ("X-Bad\n", "a"), ("X-Nul", "a\u{0}b")])
    func headersThatCouldSmuggleLinesAreRejected(_ name: String, _ value: String) async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        await #expect {
            _ = try await client.execute(HTTPRequest(url: "http://127.0.0.1:1/", headers: [name: value]))
        } throws: { error in
            guard case .other(_, _, let reason) = error as? HTTPError else { return false }
            return reason.contains("line break")
        }
    }

    @Test func largeBodyRoundTripsWithoutExpectContinue() async throws {
        try await withPeer { client, peer in
            let body = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0) }
            let response = try await client.execute(HTTPRequest(method: .post, url: peer.baseURL + "/echo", body: body))
            #expect(response.body == body)
        }
    }

    @Test func reportsNon2xxStatusAsResponse() async throws {
        try await withPeer { client, peer in
            let response = try await client.execute(HTTPRequest(url: peer.baseURL + "/missing"))
            #expect(response.status == 404)
        }
    }

    @Test func thousandConcurrentSlowRequestsOverlap() async throws {
        try await withPeer { client, peer in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<1000 {
                    group.addTask {
                        try await client.execute(HTTPRequest(url: peer.baseURL + "/sleep?ms=200", timeout: .seconds(120))).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 1000)
            #expect(statuses.allSatisfy { $0 == 200 })
            // Overlap as the server saw it, not as a wall-clock bound (that belongs to `aics bench
            // http`): many requests were waiting at once. Sequential requests would show 1.
            print("1000 concurrent requests to a 200 ms endpoint: at most \(peer.peakSleepers) waiting at once")
            #expect(peer.peakSleepers >= 8)
        }
    }

    @Test func totalTimeoutOnASlowServer() async throws {
        try await withPeer { client, peer in
            let clock = ContinuousClock()
            let start = clock.now
            await #expect {
                _ = try await client.execute(HTTPRequest(url: peer.baseURL + "/sleep?ms=5000", timeout: .milliseconds(300)))
            } throws: { error in
                guard case .timedOut = error as? HTTPError else { return false }
                return true
            }
            #expect(clock.now - start < .seconds(4))
        }
    }

    @Test(arguments: ["", "&chunked=1"])
    func responseOverTheCapFails(_ framing: String) async throws {
        try await withPeer(.init(maxResponseBytes: 1000)) { client, peer in
            await #expect(throws: HTTPError.responseTooLarge(url: peer.baseURL + "/bytes?count=***" + (framing.isEmpty ? "" : "&chunked=***"), limit: 1000)) {
                _ = try await client.execute(HTTPRequest(url: peer.baseURL + "/bytes?count=100000" + framing))
            }
            let small = try await client.execute(HTTPRequest(url: peer.baseURL + "/bytes?count=1000" + framing))
            #expect(small.body.count == 1000)
        }
    }

    @Test func streamedResponseOverTheCapFails() async throws {
        try await withPeer(.init(maxResponseBytes: 100_000)) { client, peer in
            let response = try await client.stream(HTTPRequest(url: peer.baseURL + "/bytes?count=1000000&chunked=1"))
            var received = 0
            await #expect {
                for try await chunk in response.body { received += chunk.count }
            } throws: { error in
                guard case .responseTooLarge = error as? HTTPError else { return false }
                return true
            }
            #expect(received <= 100_000)
        }
    }

    @Test func streamingDeliversEventsAsTheyArrive() async throws {
        try await withPeer { client, peer in
            let response = try await client.stream(HTTPRequest(url: peer.baseURL + "/events/gated", timeout: .seconds(30)))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/event-stream")
            var events = response.events.makeAsyncIterator()
            // The server sends "two" only after the gate opens, which happens only after the
            // client has seen "one": a client that buffered the body would time out here.
            let first = try await events.next()
            #expect(first == ServerSentEvent(event: "first", data: "one"))
            peer.openGate()
            let second = try await events.next()
            #expect(second == ServerSentEvent(event: "second", data: "two"))
            #expect(try await events.next() == nil)
        }
    }

    @Test func streamKeepsItsClientAlive() async throws {
        let peer = try await HTTPTestPeer.start()
        let response = try await HTTPClient().stream(HTTPRequest(url: peer.baseURL + "/bytes?count=100000&chunked=1"))
        var received = 0
        for try await chunk in response.body { received += chunk.count }
        #expect(received == 100_000)
        await peer.stop()
    }

    @Test func streamTimesOutMidStream() async throws {
        try await withPeer { client, peer in
            let response = try await client.stream(HTTPRequest(url: peer.baseURL + "/events/stall", timeout: .seconds(3)))
            var events = response.events.makeAsyncIterator()
            #expect(try await events.next() == ServerSentEvent(data: "one"))
            await #expect {
                _ = try await events.next()
            } throws: { error in
                guard case .timedOut = error as? HTTPError else { return false }
                return true
            }
        }
    }

    @Test func idleTimeoutEndsAStreamThatWentQuiet() async throws {
        try await withPeer { client, peer in
            let request = HTTPRequest(url: peer.baseURL + "/events/stall", timeout: .seconds(60), idleTimeout: .seconds(3))
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await client.stream(request)
            var events = response.events.makeAsyncIterator()
            #expect(try await events.next() == ServerSentEvent(data: "one"))
            await #expect {
                _ = try await events.next()
            } throws: { error in
                guard case .timedOut = error as? HTTPError else { return false }
                return true
            }
            #expect(clock.now - start < .seconds(20))
        }
    }

    @Test func invalidURLsFailTyped() async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        for url in ["ftp://127.0.0.1/file", "http://", "gopher://x"] {
            await #expect {
                _ = try await client.execute(HTTPRequest(url: url))
            } throws: { error in
                guard case .invalidURL = error as? HTTPError else { return false }
                return true
            }
        }
    }

    @Test func alreadyCancelledTaskFailsWithCancelled() async throws {
        try await withPeer { client, peer in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(HTTPRequest(url: peer.baseURL + "/sleep?ms=5000"))
            }
            await #expect(throws: HTTPError.cancelled(url: peer.baseURL + "/sleep?ms=***")) { try await task.value }
        }
    }

    @Test func requestsAfterShutdownFail() async throws {
        let client = try HTTPClient()
        client.shutdown()
        await #expect {
            _ = try await client.execute(HTTPRequest(url: "http://127.0.0.1:1/"))
        } throws: { error in
            guard case .shutDown = error as? HTTPError else { return false }
            return true
        }
    }
}
