import Foundation

/// Splits a `text/event-stream` body into its frames (text between blank lines), as written.
enum SSE {
    static func frames(_ body: String) -> [String] {
        body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
    }

    /// The JSON of every `data:` line, in order.
    static func dataObjects(_ body: String) -> [[String: Any]] {
        frames(body).compactMap { frame in
            guard let line = frame.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8))) as? [String: Any]
        }
    }
}
