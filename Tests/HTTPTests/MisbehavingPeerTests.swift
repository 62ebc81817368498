import Foundation
import HTTP
import Testing

/// Failure paths against raw-socket peers: never accepting, never answering, closing early.
@Suite struct MisbehavingPeerTests {
    private static let eventStreamHead =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"

    private static func chunk(_ text: String) -> String {
        String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n"
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try RawSocketServer { connection in
            while connection.readRequestHead() != nil {
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<10 {
            let response = try await client.execute(HTTPRequest(url: server.url + "/keep-alive"))
            #expect(response.body == Array("ok".utf8))
        }
        #expect(server.requestsReceived == 10)
        #expect(server.connectionsAccepted == 1)
    }

    @Test func slowConsumerStopsTheSocketReads() async throws {
        let chunk = [UInt8](repeating: 0x66, count: 65_536)
        let chunks = 6000  // 375 MiB
        let total = chunks * chunk.count
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: \(total)\r\n\r\n")
            for _ in 0..<chunks where connection.write(bytes: chunk) {}
        }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(maxResponseBytes: 512 << 20, streamBufferBytes: 64 * 1024))
        defer { client.shutdown() }
        let response = try await client.stream(HTTPRequest(url: server.url + "/flood", timeout: .seconds(120)))
        var body = response.body.makeAsyncIterator()
        var received = try await body.next()?.count ?? 0
        // The server's blocking send() counts what the kernel took. While the consumer sleeps,
        // that stops at socket-buffer size if the transfer is paused; unpaused it reaches `total`.
        var previous = -1
        var current = server.bytesSent
        for _ in 0..<40 where current != previous {
            try await Task.sleep(for: .milliseconds(250))
            previous = current
            current = server.bytesSent
        }
        print("raw server sent \(current) of \(total) bytes while the consumer slept")
        #expect(current == previous)
        #expect(current < total)
        while let next = try await body.next() { received += next.count }
        #expect(received == total)
    }

    @Test func connectTimeoutWhenTheListenerNeverAccepts() async throws {
        let server = try RawSocketServer(backlog: 0, handler: nil)
        defer { server.stop() }
        server.fillBacklog(connections: 3)  // a full accept queue drops further SYNs
        let client = try HTTPClient()
        defer { client.shutdown() }
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            _ = try await client.execute(HTTPRequest(url: server.url + "/", timeout: .seconds(30), connectTimeout: .milliseconds(500)))
        } throws: { error in
            guard case .timedOut = error as? HTTPError else { return false }
            return true
        }
        // Well under the 30 s total timeout: the connect timeout fired.
        #expect(clock.now - start < .seconds(10))
    }

    @Test func cancellingABlockedRequestAbortsItAndClosesTheConnection() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.waitForPeerClose()
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let task = Task { try await client.execute(HTTPRequest(url: server.url + "/hang?token=abc", timeout: .seconds(60))) }
        #expect(await eventually { server.requestsReceived == 1 })
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        await #expect(throws: HTTPError.cancelled(url: server.url + "/hang?token=***")) { try await task.value }
        #expect(clock.now - start < .seconds(5))
        #expect(await eventually { server.closesSeen == 1 })
    }

    @Test func cancellingAStreamingConsumerAbortsTheTransfer() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write(Self.eventStreamHead + Self.chunk("data: one\n\n"))
            connection.waitForPeerClose()
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let firstEventSeen = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            let response = try await client.stream(HTTPRequest(url: server.url + "/events", timeout: .seconds(60)))
            var events = response.events.makeAsyncIterator()
            let first = try await events.next()
            firstEventSeen.continuation.yield()
            _ = try await events.next()  // the server sends nothing more: this waits
            return first
        }
        for await _ in firstEventSeen.stream { break }
        task.cancel()
        await #expect {
            _ = try await task.value
        } throws: { error in
            guard case .cancelled = error as? HTTPError else { return false }
            return true
        }
        #expect(await eventually { server.closesSeen == 1 })
    }

    @Test func droppingAStreamClosesTheConnection() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write(Self.eventStreamHead + Self.chunk("data: one\n\n"))
            connection.waitForPeerClose()
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        do {
            let response = try await client.stream(HTTPRequest(url: server.url + "/events", timeout: .seconds(60)))
            for try await event in response.events {
                #expect(event.data == "one")
                break
            }
        }
        #expect(await eventually { server.closesSeen == 1 })
    }

    @Test func serverClosingMidBodyGivesATypedError() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        await #expect {
            _ = try await client.execute(HTTPRequest(url: server.url + "/partial"))
        } throws: { error in
            guard case .connectionClosed = error as? HTTPError else { return false }
            return true
        }
    }

    @Test func serverClosingMidStreamGivesATypedErrorAfterTheEventsSoFar() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write(Self.eventStreamHead + Self.chunk("data: one\n\n") + "40\r\ndata: cut")
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let response = try await client.stream(HTTPRequest(url: server.url + "/events"))
        var seen: [String] = []
        await #expect {
            for try await event in response.events { seen.append(event.data) }
        } throws: { error in
            guard case .connectionClosed = error as? HTTPError else { return false }
            return true
        }
        #expect(seen == ["one"])
    }

    @Test func eventsDribbledByteByByteArriveWhole() async throws {
        let body = "data: {\"event\": \"message\", \"answer\": \"héllo 你好\"}\r\n\r\nevent: ping\r\n\r\n"
            + "event: response.completed\r\ndata: {\"type\":\"response.completed\"}\r\n\r\n"
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            for byte in Array(body.utf8) {
                connection.write(bytes: [byte])  // one segment per byte: splits CRLF and UTF-8 sequences
                usleep(500)
            }
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let response = try await client.stream(HTTPRequest(url: server.url + "/events", timeout: .seconds(60)))
        var events: [ServerSentEvent] = []
        for try await event in response.events { events.append(event) }
        #expect(events == [
            ServerSentEvent(data: "{\"event\": \"message\", \"answer\": \"héllo 你好\"}"),
            ServerSentEvent(event: "response.completed", data: "{\"type\":\"response.completed\"}"),
        ])
    }

    @Test func errorTextCarriesNoCredentialsOrQuerySecrets() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()  // then close without a response
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let secrets = ["alice", "s3cretpass", "sk-live-0123456789"]
        let url = "http://alice:s3cretpass@127.0.0.1:\(server.port)/v1/chat?api_key=sk-live-0123456789&user=u1"
        do {
            _ = try await client.execute(HTTPRequest(url: url))
            Issue.record("expected a failure")
        } catch {
            let text = "\(error)"
            #expect(text.contains("127.0.0.1:\(server.port)/v1/chat"))
            for secret in secrets { #expect(!text.contains(secret), "\(text)") }
        }

        // Connection refused: a port that was just free.
        let closed = try RawSocketServer(handler: nil)
        closed.stop()
        let refusedURL = "http://alice:s3cretpass@127.0.0.1:\(closed.port)/x?api_key=sk-live-0123456789"
        do {
            _ = try await client.execute(HTTPRequest(url: refusedURL))
            Issue.record("expected a failure")
        } catch let error as HTTPError {
            guard case .couldNotConnect = error else { Issue.record("unexpected \(error)"); return }
            let text = "\(error)"
            for secret in secrets { #expect(!text.contains(secret), "\(text)") }
        }
    }
}
