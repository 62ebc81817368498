import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain socket, for testing the fakes byte for byte (including
/// a stream cut mid-way). Each request runs on its own thread, never on the cooperative pool.
enum RawHTTP {
    struct Response: Sendable {
        var status: Int
        /// Header names lowercased.
        var headers: [String: String]
        var body: String
        /// False when the connection closed before the body was complete.
        var complete: Bool

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func post(_ url: String, bearer: String? = nil, json: Any, headers: [String: String] = [:], timeout: Double = 30) async throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: json)
        var all = headers
        all["Content-Type"] = "application/json"
        if let bearer { all["Authorization"] = "Bearer \(bearer)" }
        return try await send("POST", url, headers: all, body: body, timeout: timeout)
    }

    static func get(_ url: String, bearer: String? = nil, timeout: Double = 30) async throws -> Response {
        try await send("GET", url, headers: bearer.map { ["Authorization": "Bearer \($0)"] } ?? [:], body: Data(), timeout: timeout)
    }

    static func send(_ method: String, _ url: String, headers: [String: String], body: Data, timeout: Double = 30) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingSend(method, url, headers: headers, body: body, timeout: timeout) })
            }
            thread.start()
        }
    }

    private static func blockingSend(_ method: String, _ url: String, headers: [String: String], body: Data, timeout: Double) throws -> Response {
        guard let components = URLComponents(string: url), let port = components.port else { throw Failure(description: "bad url \(url)") }
        let path = components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect failed") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let request = Data((head + "\r\n").utf8) + body
        try request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Failure(description: "send failed") }
                sent += n
            }
        }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { received += buffer[0..<n]; continue }
            if n == 0 { break }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure(description: "timed out") }
            if errno == ECONNRESET { break }
            throw Failure(description: "recv failed \(errno)")
        }
        return try parse(received)
    }

    private static func parse(_ bytes: [UInt8]) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else { throw Failure(description: "no response head") }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var rest = Array(bytes[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var body = [UInt8]()
            var complete = false
            while let lineEnd = rest.firstRange(of: Array("\r\n".utf8)) {
                let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
                guard let size = Int(sizeText.split(separator: ";")[0], radix: 16) else { break }
                if size == 0 { complete = true; break }
                let start = lineEnd.upperBound
                guard rest.count >= start + size + 2 else { body += rest[start...]; break }
                body += rest[start..<start + size]
                rest = Array(rest[(start + size + 2)...])
            }
            return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self), complete: complete)
        }
        let length = Int(headers["content-length"] ?? "") ?? rest.count
        return Response(status: status, headers: headers, body: String(decoding: rest.prefix(length), as: UTF8.self), complete: rest.count >= length)
    }
}
