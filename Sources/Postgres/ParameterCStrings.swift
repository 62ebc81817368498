/// Calls `body` with the parameters' text as C strings (NULL for SQL NULL), libpq's
/// `paramValues`. The texts are copied into one buffer for the call: two allocations per
/// statement instead of one per parameter.
func withParameterCStrings<R, E: Error>(
    _ parameters: [any PostgresEncodable],
    _ body: ([UnsafePointer<CChar>?]) throws(E) -> R
) throws(E) -> R {
    if parameters.isEmpty { return try body([]) }
    var texts: [String?] = []
    texts.reserveCapacity(parameters.count)
    var size = 0
    for parameter in parameters {
        let text = parameter.postgresText
        size += (text?.utf8.count ?? 0) + 1
        texts.append(text)
    }
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

/// The slow path for strings without contiguous UTF-8 (bridged ones); returns the byte count.
private func copyByByte(_ text: String, to start: UnsafeMutablePointer<CChar>) -> Int {
    var count = 0
    for byte in text.utf8 {
        start[count] = CChar(bitPattern: byte)
        count += 1
    }
    return count
}
