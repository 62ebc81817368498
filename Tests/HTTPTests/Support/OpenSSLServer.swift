import Foundation

/// `openssl s_server -www` on 127.0.0.1 with a fresh self-signed certificate for 127.0.0.1:
/// a TLS peer without adding a TLS stack to the package. deploy/local installs `openssl`.
final class OpenSSLServer: Sendable {
    static let executable = "/usr/bin/openssl"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    let port: Int
    /// PEM of the server's self-signed certificate, usable as a CA bundle.
    let certificatePath: String
    private let directory: URL
    private let process: ChildProcess

    var url: String { "https://127.0.0.1:\(port)/" }

    private init(port: Int, certificatePath: String, directory: URL, process: ChildProcess) {
        self.port = port
        self.certificatePath = certificatePath
        self.directory = directory
        self.process = process
    }

    static func start() async throws -> OpenSSLServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aics-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let output = directory.appendingPathComponent("server.out")
        let status = try await run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        guard status == 0 else { throw RawSocketError.failed("openssl req exited \(status)") }

        let process = try ChildProcess(
            [executable, "s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key, "-www"],
            standardOutput: output.path
        )
        var port: Int?
        _ = await eventually {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            port = text.split(separator: "\n").first { $0.hasPrefix("ACCEPT ") }
                .flatMap { $0.split(separator: ":").last }.flatMap { Int($0) }
            return port != nil
        }
        guard let port else {
            process.kill()
            throw RawSocketError.failed("openssl s_server did not report its port")
        }
        return OpenSSLServer(port: port, certificatePath: certificate, directory: directory, process: process)
    }

    /// SIGKILL: a child started from a pool thread may have SIGTERM blocked.
    func stop() {
        process.kill()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func run(_ arguments: [String]) async throws -> Int32 {
        let process = try ChildProcess([executable] + arguments, standardOutput: "/dev/null")
        return await process.exitStatus()
    }
}
