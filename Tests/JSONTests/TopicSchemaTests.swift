import Foundation
import JSON
import Schemas
import Testing

/// Validates documents against the topic schemas of schemas/topics, as embedded in the binary.
@Suite struct TopicSchemaTests {
    static let schemaDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas/topics")

    let registry: SchemaRegistry

    init() throws {
        var registry = SchemaRegistry()
        for (name, text) in Schemas.topics {
            registry.add(name: name, schema: try JSONParser.parse(text))
        }
        self.registry = registry
    }

    @Test func theBinaryEmbedsEverySchemaFileAsItIsOnDisk() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemaDirectory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(Schemas.topics.keys))
        for file in files {
            let onDisk = try String(contentsOf: Self.schemaDirectory.appendingPathComponent(file), encoding: .utf8)
            #expect(Schemas.topics[file] == onDisk, "\(file)")
        }
    }

    func violations(_ schemaName: String, _ document: String) throws -> [String] {
        let schema = try #require(registry.schema(named: schemaName))
        return SchemaValidator(schema: schema, registry: registry).validate(try JSONParser.parse(document)).map(\.description)
    }

    @Test(arguments: ["cs.inbound", "cs.agent-events", "cs.suggestions", "cs.replies", "cs.dead-letter"])
    func everyExampleIsValid(topic: String) throws {
        let schema = try #require(registry.schema(named: "\(topic).schema.json"))
        let examples = try #require(schema["examples"]?.arrayValue)
        #expect(!examples.isEmpty)
        for example in examples {
            #expect(SchemaValidator(schema: schema, registry: registry).validate(example) == [])
        }
    }

    @Test func inboundViolationsNameTheField() throws {
        let document = """
        {"message_id": "m1", "tenant_id": "t", "account_id": "a", "channel": "web", "conversation_id": "c",
         "customer": {"name": "x"}, "content": {"type": "text", "text": ""}, "sent_at": "yesterday"}
        """
        let found = try violations("cs.inbound.schema.json", document)
        #expect(found.contains("customer.id: required property missing"))
        #expect(found.contains("content.text: must not be empty"))
        #expect(found.contains("sent_at: must be an RFC 3339 date-time like 2026-11-25T02:40:00Z, found \"yesterday\""))
    }

    @Test func wrongTypesAreNamed() throws {
        let found = try violations("cs.inbound.schema.json", #"{"message_id": 5}"#)
        #expect(found.contains("message_id: must be a string, found integer"))
        #expect(found.contains("tenant_id: required property missing"))
        #expect(try violations("cs.inbound.schema.json", "[]") == ["must be an object, found array"])
    }

    @Test func agentEventsPickTheirShapeByType() throws {
        let edited = """
        {"type": "suggestion_feedback", "event_id": "e", "tenant_id": "t", "occurred_at": "2026-11-25T02:40:00+08:00",
         "agent_id": "a", "conversation_id": "c", "suggestion_id": "s", "action": "edited"}
        """
        #expect(try violations("cs.agent-events.schema.json", edited).contains("final_text: required property missing"))
        let status = """
        {"type": "agent_status", "event_id": "e", "tenant_id": "t", "occurred_at": "2026-11-25T02:40:00.123Z", "agent_id": "a", "status": "online"}
        """
        #expect(try violations("cs.agent-events.schema.json", status) == [])
    }

    @Test func repliesResolveSourcesAcrossFiles() throws {
        let reply = """
        {"reply_id": "r", "kind": "answer", "tenant_id": "t", "conversation_id": "c", "in_reply_to": ["m"], "bot_id": "b",
         "provider": "local", "text": "hi", "sources": [{"title": "x", "snippet": "y", "score": 1.5}], "created_at": "2026-11-25T02:40:00Z"}
        """
        #expect(try violations("cs.replies.schema.json", reply) == ["sources[0].score: must be at most 1"])
        let handoff = reply.replacingOccurrences(of: "\"answer\"", with: "\"handoff\"").replacingOccurrences(of: "1.5", with: "0.5")
        #expect(try violations("cs.replies.schema.json", handoff) == ["reason: required property missing"])
    }
}
