import Catalog
import Foundation
import JSON

/// auto mode: the reply prepared with a suggestion, sent when no agent wrote within the
/// binding's reply timeout (`reply_timers`). Stored in the same statement as the suggestion.
public struct ReplyTimer: Sendable, Equatable {
    public var delay: Duration
    public var replyID: String
    public var replyTopic: String
    /// The exact `cs.replies` record, so every firing sends the same bytes.
    public var replyPayload: String
    public var messageIDs: [String]
    public var botID: UUID
    public var provider: String
    public var question: String
    public var answer: String
    public var sources: [AnswerSource]
    /// When the customer wrote (the message's sent_at): an agent's message after it cancels the timer.
    public var customerAt: Date?
    /// The binding's takeover pause when the suggestion was made: a firing inside a pause is cancelled.
    public var takeoverPause: Duration

    /// The row's fields as one JSON object (one text array element of the output statement).
    var json: String {
        JSONWriter.string(.object([
            "delay_ms": .number(Double(delay.wholeMilliseconds)), "reply_id": .string(replyID), "reply_topic": .string(replyTopic),
            "reply_payload": .string(replyPayload), "message_ids": .array(messageIDs.map(JSONValue.string)),
            "bot_id": .string(botID.uuidString.lowercased()), "provider": .string(provider), "question": .string(question),
            "answer": .string(answer), "takeover_pause_ms": .number(Double(takeoverPause.wholeMilliseconds)),
            "sources": .array(sources.map(\.jsonValue)),
            "customer_at": customerAt.map { .string(Timestamps.rfc3339($0)) } ?? .null,
        ]))
    }
}
