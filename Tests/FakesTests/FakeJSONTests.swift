import Foundation
import Testing

@testable import Fakes

@Suite("Fake JSON: encoding without Foundation's serializer, ids, prices")
struct FakeJSONTests {
    @Test func encodingSortsKeysAndKeepsTypes() throws {
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(#"{"flag":true,"one":1,"half":0.5}"#.utf8)) as? [String: Any])
        let object: [String: Any] = [
            "b": 2, "a_b": "x/y", "a": [1.5, "é", NSNull(), false] as [Any], "nested": ["z": ["q"]],
            "parsed": parsed,
        ]
        let text = FakeJSON.encode(object)
        #expect(text == #"{"a":[1.5,"é",null,false],"a_b":"x/y","b":2,"nested":{"z":["q"]},"parsed":{"flag":true,"half":0.5,"one":1}}"#)
        // Whatever is not JSON still gives an empty object, as before.
        #expect(FakeJSON.encode(["date": Date()]) == "{}")
    }

    @Test func pricesHaveFixedDecimalsLikeFormat() {
        for value in [0.0, 0.000123, 0.00012345678, 1.5, 12.0000004, 0.9999999999] {
            #expect(FakeJSON.decimal(value, places: 7) == String(format: "%.7f", value))
        }
        #expect(FakeJSON.decimal(-0.25, places: 2) == "-0.25")
        #expect(FakeJSON.decimal(3, places: 0) == "3")
    }

    @Test func randomIdsAreVersionFourUUIDs() {
        let ids = (0..<200).map { _ in FakeIdentifiers.uuid() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let uuid = UUID(uuidString: id)
            #expect(uuid != nil && id == id.lowercased() && FakeIdentifiers.isUUID(id))
            #expect(Array(id)[14] == "4" && "89ab".contains(Array(id)[19]))
        }
        #expect(FakeIdentifiers.isUUID("1D2E3F40-5A6B-4C7D-8E9F-A0B1C2D3E4F5"))
        #expect(!FakeIdentifiers.isUUID("1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f"))
        #expect(!FakeIdentifiers.isUUID("1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f55"))
        #expect(!FakeIdentifiers.isUUID("1d2e3f40x5a6b-4c7d-8e9f-a0b1c2d3e4f5"))
        #expect(!FakeIdentifiers.isUUID("not-a-uuid"))
    }
}
