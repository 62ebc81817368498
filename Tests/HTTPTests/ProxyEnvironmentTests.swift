#if os(Linux)
import Glibc
#endif
import HTTP
import Testing

/// libcurl reads the proxy variables itself and the client never overrides them. Each check
/// runs in a child process (an exit test) because changing the environment while other tests'
/// transfers read it would be a data race.
@Suite struct ProxyEnvironmentTests {
    @Test func httpsProxyVariableTunnelsThroughTheProxy() async {
        await #expect(processExitsWith: .success) {
            let proxy = try RawSocketServer { connection in
                guard let head = connection.readRequestHead() else { return }
                connection.write(head.hasPrefix("CONNECT example.invalid:443 ") ? "HTTP/1.1 403 Forbidden\r\n\r\n" : "garbage")
            }
            defer { proxy.stop() }
            setenv("https_proxy", proxy.url, 1)
            let client = try HTTPClient()
            defer { client.shutdown() }
            // The proxy refuses the tunnel, so the request fails; what counts is that it was asked.
            do {
                _ = try await client.execute(HTTPRequest(url: "https://example.invalid/v1/responses", timeout: .seconds(20)))
                exit(2)
            } catch HTTPError.couldNotConnect {
                exit(proxy.requestsReceived == 1 ? 0 : 1)
            } catch {
                exit(3)
            }
        }
    }

    @Test func httpProxyVariableGetsAbsoluteFormRequestsAndNoProxyBypassesIt() async {
        await #expect(processExitsWith: .success) {
            let proxy = try RawSocketServer { connection in
                guard let head = connection.readRequestHead() else { return }
                let ok = head.hasPrefix("GET http://example.invalid/chat HTTP/1.1\r\n")
                connection.write(ok ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nproxy" : "HTTP/1.1 400 Bad\r\nContent-Length: 0\r\n\r\n")
            }
            defer { proxy.stop() }
            let direct = try RawSocketServer { connection in
                connection.readRequestHead()
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ndirect")
            }
            defer { direct.stop() }
            setenv("http_proxy", proxy.url, 1)
            setenv("no_proxy", "127.0.0.1", 1)
            let client = try HTTPClient()
            defer { client.shutdown() }
            let viaProxy = try await client.execute(HTTPRequest(url: "http://example.invalid/chat", timeout: .seconds(20)))
            let bypassing = try await client.execute(HTTPRequest(url: direct.url + "/", timeout: .seconds(20)))
            let passed = viaProxy.body == Array("proxy".utf8) && bypassing.body == Array("direct".utf8)
            exit(passed ? 0 : 1)
        }
    }
}
