import Foundation
import HTTPTypes
import Hummingbird
import JSON
import NIOCore

/// JSON in and out of the fakes. Bodies are parsed loosely (`JSONSerialization`) so that the fakes
/// can reject exactly what the real APIs reject: a wrong type, a missing field, an unknown field.
/// Hot routes (Dify's chat) parse with `JSONParser` and build `JSONValue` answers instead: the
/// fakes share the benchmark machine with the system under test, and Foundation's JSON costs
/// bridging, dynamic casts and locale-aware key sorting.
enum FakeJSON {
    /// Requests larger than this are refused outright.
    static let maximumBodySize = 4 << 20

    /// The request body as a JSON object; nil when it is empty, not JSON or not an object.
    static func object(from request: Request) async -> [String: Any]? {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: maximumBodySize),
              buffer.readableBytes > 0,
              let value = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)),
              let object = value as? [String: Any]
        else { return nil }
        return object
    }

    /// The request body as the members of a JSON object, parsed with `JSONParser`; nil when it is
    /// empty, not JSON or not an object.
    static func members(from request: Request) async -> [String: JSONValue]? {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: maximumBodySize), buffer.readableBytes > 0,
              let value = try? JSONParser.parse(buffer.readableBytesView)
        else { return nil }
        return value.objectValue
    }

    /// One line of JSON: keys sorted, no escaped slashes, like both providers' compact output.
    /// `object` is a tree of dictionaries, arrays, strings, numbers, booleans, `NSNull` and
    /// `JSONValue`; anything else gives `{}`.
    static func encode(_ object: Any) -> String {
        guard let json = value(object) else { return "{}" }
        return JSONWriter.string(json)
    }

    /// A complete JSON response of a `JSONValue`, without going through `Any`.
    static func response(status: HTTPResponse.Status, json: JSONValue, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(json))))
    }

    /// A complete JSON response.
    static func response(status: HTTPResponse.Status, _ object: Any, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: encode(object))))
    }

    /// A 200 response whose body is cut JSON, for the "malformed JSON" failure.
    static func malformedResponse(headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"event\": \"message\", \"answer\": \"Refu")))
    }

    /// Integer value of a JSON number (JSONSerialization gives NSNumber; booleans are refused).
    static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        let double = number.doubleValue
        return double.rounded() == double ? Int(double) : nil
    }

    static func boolean(_ value: Any?) -> Bool? {
        guard let number = value as? NSNumber, isBoolean(number) else { return nil }
        return number.boolValue
    }

    static func number(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        return number.doubleValue
    }

    static func isBoolean(_ number: NSNumber) -> Bool {
        #if canImport(Darwin)
        return CFGetTypeID(number) == CFBooleanGetTypeID()
        #else
        return number.objCType.pointee == 0x63 // "c": how swift-corelibs-foundation stores Bool
        #endif
    }
}
