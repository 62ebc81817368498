import JSON
import Schemas

/// Validators for the topic payloads, built from the schemas embedded from schemas/topics.
public struct TopicSchemas: Sendable {
    public let registry: SchemaRegistry

    public init() {
        var registry = SchemaRegistry()
        for (name, text) in Schemas.topics {
            // The embedded schemas are tested to parse; a failure here is a build defect.
            guard let schema = try? JSONParser.parse(text) else { preconditionFailure("schemas/topics/\(name) is not JSON") }
            registry.add(name: name, schema: schema)
        }
        self.registry = registry
    }

    /// The validator for a topic's default name, e.g. "cs.inbound".
    public func validator(for topic: String) -> SchemaValidator {
        guard let schema = registry.schema(named: "\(topic).schema.json") else {
            preconditionFailure("no schema for topic \(topic) in schemas/topics")
        }
        return SchemaValidator(schema: schema, registry: registry)
    }
}
