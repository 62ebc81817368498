import JSON
import Testing

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        (" true ", .bool(true)),
        ("-12.5e2", .number(-1250)),
        ("0", .number(0)),
        (#""a\"b\\c\/\n\u00e9\ud83d\ude00""#, .string("a\"b\\c/\né😀")),
        ("\"退货\"", .string("退货")),
        (#"{"a":[1,{"b":null}],"c":"d"}"#, .object(["a": .array([.number(1), .object(["b": .null])]), "c": .string("d")])),
        ("[]", .array([])),
        ("{}", .object([:])),
    ])
    func parsesValidDocuments(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: [
        ("", "unexpected end of input, expected a value at byte 0"),
        ("not json", "unexpected character 'n', expected 'null' at byte 0"),
        ("{\"a\":1,}", "unexpected character '}', expected a member name in double quotes at byte 7"),
        ("[1 2]", "unexpected character '2', expected ',' or ']' at byte 3"),
        ("01", "unexpected character '1' after the JSON value at byte 1"),
        ("\"abc", "unterminated string at byte 4"),
        ("\"a\u{01}\"", "control character in string at byte 2"),
        (#""\x""#, "invalid escape '\\x' in string at byte 2"),
        (#""\ud83d""#, "unpaired surrogate in \\u escape at byte 7"),
        ("{} {}", "unexpected character '{' after the JSON value at byte 3"),
        ("1.", "invalid number: digit expected after '.' at byte 2"),
        (#"{"a":1,"b":2,"a":3}"#, "duplicate member name \"a\" at byte 13"),
        (#"{"a":{"x":1,"x":1}}"#, "duplicate member name \"x\" at byte 12"),
        ("\u{FEFF}{}", "unexpected byte 0xEF, expected a value at byte 0"),
        (#""\udc00""#, "unpaired surrogate in \\u escape at byte 7"),
        ("1e400", "number out of range at byte 0"),
    ])
    func rejectsInvalidDocumentsWithReadableErrors(text: String, message: String) {
        #expect(throws: (any Error).self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    }

    @Test func rejectsSurrogateAndOverlongBytes() {
        // A raw UTF-16 surrogate (U+D800 as UTF-8 bytes) and an overlong NUL (modified UTF-8).
        for bytes: [UInt8] in [[0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0x80, 0x22]] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test func refusesHundredThousandLevelsWithoutRecursingIntoThem() {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let deep = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect((try? JSONParser.parse(fine)) != nil)
    }
}
