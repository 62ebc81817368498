import HTTP
import Testing

@Suite(.enabled(if: OpenSSLServer.isAvailable, "needs the openssl command"), .serialized)
struct TLSTests {
    @Test func verificationIsOnAndTheCABundleOverrideTrustsTheServer() async throws {
        let server = try await OpenSSLServer.start()
        defer { server.stop() }

        let verifying = try HTTPClient()
        defer { verifying.shutdown() }
        await #expect {
            _ = try await verifying.execute(HTTPRequest(url: server.url, timeout: .seconds(20)))
        } throws: { error in
            guard case .tls = error as? HTTPError else { return false }
            return true
        }

        let trusting = try HTTPClient(configuration: .init(caBundlePath: server.certificatePath))
        defer { trusting.shutdown() }
        let response = try await trusting.execute(HTTPRequest(url: server.url, timeout: .seconds(20)))
        #expect(response.status == 200)
    }

    @Test func unreadableCABundleIsATLSError() async throws {
        let server = try await OpenSSLServer.start()
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(caBundlePath: "/nonexistent/ca.pem"))
        defer { client.shutdown() }
        await #expect {
            _ = try await client.execute(HTTPRequest(url: server.url, timeout: .seconds(20)))
        } throws: { error in
            guard case .tls = error as? HTTPError else { return false }
            return true
        }
    }
}
