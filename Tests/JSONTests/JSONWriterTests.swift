import JSON
import Testing

@Suite struct JSONWriterTests {
    @Test func writesCompactSortedJSON() {
        let value = JSONValue.object(["b": .array([.number(1), .number(2.5), .null, .bool(true)]), "a": .string("退货\n\"x\"\u{01}")])
        #expect(JSONWriter.string(value) == #"{"a":"退货\n\"x\"\u0001","b":[1,2.5,null,true]}"#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let value = JSONValue.object([
            "text": .string("Hello 😀 / \\ \t"), "score": .number(0.875), "offset": .number(123_456_789_012),
            "nested": .object(["empty": .array([]), "none": .null]),
        ])
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
    }

    /// Found by fuzzing: String's `<` orders neither way between "é*" (NFC) and "e\u{301}", so the
    /// sorted keys followed the dictionary's own order and equal values could give different bytes.
    @Test func keysAreOrderedByTheirBytesWhateverTheDictionaryOrder() {
        let composed = "\u{e9}*", decomposed = "e\u{301}"
        var outputs: Set<String> = []
        for capacity in [2, 4, 8, 16, 32, 64, 128, 256] {
            for keys in [[composed, decomposed], [decomposed, composed]] {
                var members = [String: JSONValue](minimumCapacity: capacity)
                for key in keys { members[key] = .string(key) }
                outputs.insert(JSONWriter.string(.object(members)))
            }
        }
        #expect(outputs == ["{\"e\u{301}\":\"e\u{301}\",\"\u{e9}*\":\"\u{e9}*\"}"])
    }
}
