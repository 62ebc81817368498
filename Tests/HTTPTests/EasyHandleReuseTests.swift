import Fakes
import HTTP
import Testing

/// The client reuses curl easy handles: nothing of one request may leak into the next.
@Suite struct EasyHandleReuseTests {
    @Test func optionsOfOneRequestDoNotCarryOverToTheNext() async throws {
        try await withPeer { client, peer in
            for round in 0..<3 {
                let body = Array("round \(round)".utf8)
                let post = try await client.execute(
                    HTTPRequest(method: .put, url: peer.baseURL + "/echo?header=x-token", headers: ["X-Token": "t-\(round)"], body: body)
                )
                #expect(post.headers["x-method"] == "PUT")
                #expect(post.headers["x-echo-x-token"] == "t-\(round)")
                #expect(post.body == body)

                let get = try await client.execute(HTTPRequest(url: peer.baseURL + "/echo?header=x-token"))
                #expect(get.headers["x-method"] == "GET")
                #expect(get.headers["x-echo-x-token"] == nil)
                #expect(get.body.isEmpty)

                // The test peer routes no HEAD (404); what matters is that the next GET gets a body.
                let head = try await client.execute(HTTPRequest(method: .head, url: peer.baseURL + "/hello"))
                #expect(head.body.isEmpty)
                let hello = try await client.execute(HTTPRequest(url: peer.baseURL + "/hello"))
                #expect(hello.body == Array("hello".utf8))
            }
        }
    }

    @Test func aHandleFromAFailedRequestServesTheNextOne() async throws {
        try await withPeer(.init(maxResponseBytes: 1000)) { client, peer in
            await #expect {
                _ = try await client.execute(HTTPRequest(url: peer.baseURL + "/bytes?count=5000"))
            } throws: { error in
                guard case .responseTooLarge = error as? HTTPError else { return false }
                return true
            }
            await #expect {
                _ = try await client.execute(HTTPRequest(url: peer.baseURL + "/sleep?ms=5000", timeout: .milliseconds(200)))
            } throws: { error in
                guard case .timedOut = error as? HTTPError else { return false }
                return true
            }
            let response = try await client.execute(HTTPRequest(url: peer.baseURL + "/sleep?ms=300", timeout: .seconds(30)))
            #expect(response.status == 200)
            #expect(response.body == Array("ok".utf8))
        }
    }
}
