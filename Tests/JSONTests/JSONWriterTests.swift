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
}
