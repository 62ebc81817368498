import Foundation
import JSON

extension FakeJSON {
    /// The `JSONValue` of a loosely typed tree (what `JSONSerialization` would accept, plus
    /// `JSONValue` leaves); nil for anything that is not JSON.
    ///
    /// Native Swift numbers are matched by their exact type first: casting a boxed `NSNumber`
    /// (from a parsed request) to `Int` or `Bool` would succeed for either and lose which it was.
    static func value(_ object: Any) -> JSONValue? {
        let type = Swift.type(of: object)
        if type == String.self { return .string(object as! String) }
        if type == Int.self { return .number(Double(object as! Int)) }
        if type == Double.self { return .number(object as! Double) }
        if type == Bool.self { return .bool(object as! Bool) }
        switch object {
        case let json as JSONValue:
            return json
        case let members as [String: Any]:
            var converted: [String: JSONValue] = [:]
            converted.reserveCapacity(members.count)
            for (key, member) in members {
                guard let value = value(member) else { return nil }
                converted[key] = value
            }
            return .object(converted)
        case let elements as [Any]:
            var converted: [JSONValue] = []
            converted.reserveCapacity(elements.count)
            for element in elements {
                guard let value = value(element) else { return nil }
                converted.append(value)
            }
            return .array(converted)
        case is NSNull:
            return .null
        case let number as NSNumber:
            return isBoolean(number) ? .bool(number.boolValue) : .number(number.doubleValue)
        case let text as Substring:
            return .string(String(text))
        default:
            return nil
        }
    }
}
