/// The parameters' texts as libpq takes them (`paramValues`: C strings, NULL for SQL NULL),
/// checked before anything is sent. Postgres text cannot store U+0000 and libpq reads each value
/// up to its first NUL byte, so a NUL would silently cut the value short (an array literal cut
/// short is "malformed"); such a parameter is refused with a clear error instead.
struct ParameterTexts {
    private let texts: [String?]
    /// The bytes of every text plus one terminator each.
    private let size: Int

    /// Refuses a parameter whose text (an array's literal included) contains a NUL byte.
    init(_ parameters: [any PostgresEncodable]) throws(PostgresError) {
        var texts: [String?] = []
        texts.reserveCapacity(parameters.count)
        var size = 0
        for (index, parameter) in parameters.enumerated() {
            let text = parameter.postgresText
            if let text {
                let count = text.utf8.count
                if Self.containsNUL(text) {
                    throw PostgresError(
                        .invalidParameter,
                        message: "parameter $\(index + 1) contains U+0000 (NUL), which Postgres text cannot store")
                }
                size += count
            }
            size += 1
            texts.append(text)
        }
        self.texts = texts
        self.size = size
    }

    /// Calls `body` with the texts as C strings, copied into one buffer for the call: two
    /// allocations per statement instead of one per parameter.
    func withCStrings<R, E: Error>(_ body: ([UnsafePointer<CChar>?]) throws(E) -> R) throws(E) -> R {
        if texts.isEmpty { return try body([]) }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(texts.count)
        var offset = 0
        for text in texts {
            guard let text else {
                pointers.append(nil)
                continue
            }
            let start = buffer + offset
            let copied = text.utf8.withContiguousStorageIfAvailable { bytes in
                if let source = bytes.baseAddress { UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: bytes.count) }
                return bytes.count
            } ?? copyByByte(text, to: start)
            start[copied] = 0
            pointers.append(UnsafePointer(start))
            offset += copied + 1
        }
        return try body(pointers)
    }

    private static func containsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(0) } ?? text.utf8.contains(0)
    }
}

/// Calls `body` with the parameters' texts as C strings (NULL for SQL NULL); throws, before
/// calling `body`, when a parameter cannot be sent (see `ParameterTexts`). `package` for the fuzz
/// targets (Tests/Fuzz).
package func withParameterCStrings<R>(
    _ parameters: [any PostgresEncodable],
    _ body: ([UnsafePointer<CChar>?]) throws(PostgresError) -> R
) throws(PostgresError) -> R {
    try ParameterTexts(parameters).withCStrings(body)
}

/// The slow path for strings without contiguous UTF-8 (bridged ones); returns the byte count.
private func copyByByte(_ text: String, to start: UnsafeMutablePointer<CChar>) -> Int {
    var count = 0
    for byte in text.utf8 {
        start[count] = CChar(bitPattern: byte)
        count += 1
    }
    return count
}
