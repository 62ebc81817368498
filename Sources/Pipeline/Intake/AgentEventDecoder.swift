import Conversations
import JSON

/// Turns the bytes of a `cs.agent-events` record into an `AgentEvent`, or says exactly why not
/// (the same checks as `cs.inbound`: size, JSON, U+0000, the topic's schema).
public struct AgentEventDecoder: Sendable {
    public let maxBytes: Int
    private let validator: SchemaValidator

    public init(schemas: TopicSchemas, maxBytes: Int = 64 * 1024) {
        self.maxBytes = maxBytes
        self.validator = schemas.validator(for: "cs.agent-events")
    }

    public func decode(_ bytes: some Collection<UInt8>) -> Result<AgentEvent, InboundRejection> {
        let document: JSONValue
        switch InboundDecoder.validated(bytes, maxBytes: maxBytes, validator: validator, schemaName: "cs.agent-events.schema.json") {
        case .success(let value): document = value
        case .failure(let rejection): return .failure(rejection)
        }
        // The schema guarantees the members each type needs.
        func text(_ name: String) -> String { document[name]?.stringValue ?? "" }
        guard let occurredAt = Timestamps.parse(text("occurred_at")) else {
            return .failure(InboundRejection(.schema, "occurred_at: not a date-time aics can read: \(text("occurred_at"))"))
        }
        let kind: AgentEvent.Kind
        switch text("type") {
        case "agent_status": kind = .status(AgentEvent.Presence(rawValue: text("status")) ?? .offline)
        case "agent_message": kind = .message
        case "conversation_takeover": kind = .takeover
        case "conversation_release": kind = .release
        case "suggestion_feedback":
            kind = .feedback(
                suggestionID: text("suggestion_id"), action: AgentEvent.Feedback(rawValue: text("action")) ?? .dismissed,
                finalText: document["final_text"]?.stringValue)
        default:
            return .failure(InboundRejection(.schema, "type: unknown event type \(text("type"))"))
        }
        return .success(AgentEvent(
            eventID: text("event_id"), tenantID: text("tenant_id"), agentID: text("agent_id"),
            conversationID: document["conversation_id"]?.stringValue, occurredAt: occurredAt, kind: kind))
    }
}
