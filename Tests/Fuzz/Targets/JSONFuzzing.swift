import JSON

/// Any bytes: parsing ends in a value or a `JSONParseError` whose offset lies within the input.
/// A parsed value written by `JSONWriter` parses back to the same value, and writing that gives
/// the same bytes again (the writer is canonical: sorted keys, one number form).
enum JSONFuzzing {
    static func check(_ bytes: [UInt8]) throws(InvariantViolation) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            guard error.offset >= 0, error.offset <= bytes.count else {
                throw InvariantViolation(.json, "error offset \(error.offset) outside the \(bytes.count)-byte input: \(error)")
            }
            guard !error.message.isEmpty else { throw InvariantViolation(.json, "a parse error without a message") }
            return
        }
        let written = JSONWriter.bytes(value)
        let reparsed: JSONValue
        do {
            // The writer never nests deeper than the value it was given, which parsed.
            reparsed = try JSONParser.parse(written)
        } catch {
            throw InvariantViolation(.json, "the writer's output does not parse: \(error); output: \(String(decoding: written, as: UTF8.self))")
        }
        guard reparsed == value else {
            throw InvariantViolation(.json, "parse → write → parse changed the value: \(String(decoding: written, as: UTF8.self))")
        }
        guard JSONWriter.bytes(reparsed) == written else {
            throw InvariantViolation(.json, "writing the re-parsed value gave other bytes than \(String(decoding: written, as: UTF8.self))")
        }
    }
}
