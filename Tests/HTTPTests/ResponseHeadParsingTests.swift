import HTTP
import Testing

/// The status line and header fields as the client parses them from libcurl's header lines.
@Suite struct ResponseHeadParsingTests {
    @Test func interimResponseIsDroppedAndFieldsAreTrimmed() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write(
                "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
                    + "HTTP/1.1 201 Created\r\nX-Spaced: \t spaced value \t\r\nX-Empty:\r\nX-Colon: a:b\r\n"
                    + "Content-Length: 2\r\n\r\nok"
            )
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(HTTPRequest(url: server.url + "/head"))
        #expect(response.status == 201)
        #expect(response.headers["x-interim"] == nil)
        #expect(response.headers["X-Spaced"] == "spaced value")
        #expect(response.headers["X-Empty"] == "")
        #expect(response.headers["X-Colon"] == "a:b")
        #expect(response.body == Array("ok".utf8))
    }

    @Test func statusOfAStreamComesFromTheFinalStatusLine() async throws {
        let server = try RawSocketServer { connection in
            connection.readRequestHead()
            connection.write("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let response = try await client.stream(HTTPRequest(url: server.url + "/stream"))
        #expect(response.status == 503)
        #expect(response.headers["Link"] == nil)
        #expect(response.headers["content-length"] == "0")
        for try await _ in response.body {}
    }
}
