/// A `multipart/form-data` body (RFC 7578) of text fields and one file, for `POST /v1/files`.
struct MultipartBody: Sendable {
    let boundary: String
    private(set) var bytes: [UInt8] = []

    init(boundary: String = "aics-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)) {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func field(_ name: String, _ value: String) {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n\(value)\r\n".utf8)
    }

    mutating func file(_ name: String, filename: String, contentType: String, content: [UInt8]) {
        bytes += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
        bytes += content
        bytes += Array("\r\n".utf8)
    }

    /// The body with its closing delimiter.
    func finished() -> [UInt8] { bytes + Array("--\(boundary)--\r\n".utf8) }

    /// Quotes and line breaks cannot appear inside a quoted parameter.
    private static func quoted(_ text: String) -> String {
        String(text.map { "\"\r\n".contains($0) ? "_" : $0 })
    }
}
