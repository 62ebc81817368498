import Foundation

/// What came of one customer message, as the chat platform and an analyst see it.
enum DemoOutcome: Sendable {
    /// A record on cs.suggestions or cs.replies.
    case output(DemoOutput)
    /// No record: the ledger says the message was skipped on purpose (e.g. mode_off).
    case skip(reason: String)
    /// The ledger says the message went to cs.dead-letter.
    case deadLetter(reason: String)
}

/// A record of cs.suggestions or cs.replies (schemas/topics), as far as the demo prints it.
struct DemoOutput: Decodable, Sendable {
    struct Source: Decodable, Sendable {
        var title: String
        var score: Double
    }

    var suggestionId: String?
    var replyId: String?
    /// Replies: answer, fallback or handoff.
    var kind: String?
    /// Suggestions: ok or failed.
    var status: String?
    var reason: String?
    var error: String?
    var conversationId: String
    var inReplyTo: [String]
    var text: String
    var sources: [Source]

    static func decode(_ bytes: [UInt8]) -> DemoOutput? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(DemoOutput.self, from: Data(bytes))
    }

    var isSuggestion: Bool { suggestionId != nil }
}

/// A record of cs.dead-letter (schemas/topics/cs.dead-letter.schema.json): the original bytes and why.
struct DemoDeadLetter: Decodable, Sendable {
    var errorKind: String
    var error: String
    var valueBase64: String

    /// The original record's value as text.
    var originalValue: String {
        Data(base64Encoded: valueBase64).map { String(decoding: $0, as: UTF8.self) } ?? valueBase64
    }

    static func decode(_ bytes: [UInt8]) -> DemoDeadLetter {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return (try? decoder.decode(DemoDeadLetter.self, from: Data(bytes)))
            ?? DemoDeadLetter(errorKind: "?", error: "unreadable dead-letter record", valueBase64: "")
    }
}
