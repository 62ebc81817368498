/// Postgres' text form of one-dimensional arrays: `{1,"two words",NULL,"a \"quote\""}`.
/// `package` for the fuzz targets (Tests/Fuzz).
package enum PostgresArrayLiteral {
    /// Every element is quoted, so any element text is safe; nil becomes an unquoted NULL.
    package static func encode(_ elements: [String?]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(elements.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let element else {
                bytes += "NULL".utf8
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func decode(_ text: String) throws(PostgresDecodingFailure) -> [String?] {
        var bytes = Array(text.utf8)[...]
        // Arrays with non-default bounds print as `[0:2]={...}`.
        if bytes.first == UInt8(ascii: "["), let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
            bytes = bytes[(equals + 1)...]
        }
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else {
            throw PostgresDecodingFailure("not an array literal")
        }
        bytes = bytes.dropFirst().dropLast()
        var elements: [String?] = []
        guard !bytes.isEmpty else { return elements }
        var index = bytes.startIndex
        while true {
            if bytes[index] == UInt8(ascii: "{") {
                throw PostgresDecodingFailure("multi-dimensional arrays are not supported")
            }
            var element: [UInt8] = []
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    guard index < bytes.endIndex else { break }
                    element.append(bytes[index])
                    index += 1
                }
                guard index < bytes.endIndex else { throw PostgresDecodingFailure("unterminated quoted array element") }
                index += 1
                elements.append(String(decoding: element, as: UTF8.self))
            } else {
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: ",") {
                    element.append(bytes[index])
                    index += 1
                }
                let value = String(decoding: element, as: UTF8.self)
                elements.append(value.uppercased() == "NULL" ? nil : value)
            }
            guard index < bytes.endIndex else { break }
            guard bytes[index] == UInt8(ascii: ",") else { throw PostgresDecodingFailure("malformed array literal") }
            index += 1
            // `{a,}`: the server never writes it; reading on would run past the end (found by fuzzing).
            guard index < bytes.endIndex else { throw PostgresDecodingFailure("malformed array literal: trailing comma") }
        }
        return elements
    }
}
