import Postgres

/// Postgres' text parameters and array literals, without a server:
/// - any text decodes as an array literal or throws, never traps;
/// - an array of optional strings taken from the input encodes and decodes back exactly, and a
///   decoded literal re-encodes to one that decodes the same;
/// - as a statement parameter, a text or array with a NUL byte is refused naming the parameter,
///   and any other reaches libpq's C string unchanged (no silent truncation).
enum PostgresFuzzing {
    /// Separates elements in the input; an element that is exactly `nullMarker` is SQL NULL.
    static let separator: UInt8 = 0xFF
    static let nullMarker: [UInt8] = [0xFE]

    static func check(_ bytes: [UInt8]) throws(InvariantViolation) {
        let asLiteral = String(decoding: bytes, as: UTF8.self)
        if let decoded = try? PostgresArrayLiteral.decode(asLiteral) {
            let again = try? PostgresArrayLiteral.decode(PostgresArrayLiteral.encode(decoded))
            guard again == decoded else {
                throw InvariantViolation(.postgres, "a decoded literal did not survive encode → decode: \(decoded)")
            }
        }

        let elements: [String?] = bytes.split(separator: separator, omittingEmptySubsequences: false).map { part in
            part.elementsEqual(nullMarker) ? nil : String(decoding: part, as: UTF8.self)
        }
        let literal = PostgresArrayLiteral.encode(elements)
        let decoded: [String?]
        do {
            decoded = try PostgresArrayLiteral.decode(literal)
        } catch {
            throw InvariantViolation(.postgres, "the encoder's literal does not decode (\(error.reason)): \(literal)")
        }
        guard decoded == elements, decoded.map({ $0.map { Array($0.utf8) } }) == elements.map({ $0.map { Array($0.utf8) } }) else {
            throw InvariantViolation(.postgres, "encode → decode changed \(elements) into \(decoded)")
        }

        let text = String(decoding: bytes, as: UTF8.self)
        try checkParameters([text, elements], texts: [text, literal])
    }

    /// The parameters reach libpq as exactly `texts`, or are refused when one holds a NUL.
    private static func checkParameters(_ parameters: [any PostgresEncodable], texts: [String]) throws(InvariantViolation) {
        let firstWithNUL = texts.firstIndex { $0.utf8.contains(0) }
        do {
            let sent: [[UInt8]] = try withParameterCStrings(parameters) { pointers in
                pointers.map { pointer in
                    guard let pointer else { return [] }
                    var count = 0
                    while pointer[count] != 0 { count += 1 }
                    return UnsafeBufferPointer(start: pointer, count: count).map { UInt8(bitPattern: $0) }
                }
            }
            if let firstWithNUL {
                throw InvariantViolation(.postgres, "parameter $\(firstWithNUL + 1) holds a NUL and was not refused")
            }
            guard sent == texts.map({ Array($0.utf8) }) else {
                throw InvariantViolation(.postgres, "a parameter's C string differs from its text")
            }
        } catch let error as PostgresError {
            guard let firstWithNUL, error.kind == .invalidParameter, error.message.hasPrefix("parameter $\(firstWithNUL + 1) contains U+0000") else {
                throw InvariantViolation(.postgres, "unexpected refusal: \(error)")
            }
        } catch let violation as InvariantViolation {
            throw violation
        } catch {
            throw InvariantViolation(.postgres, "unexpected error: \(error)")
        }
    }
}
