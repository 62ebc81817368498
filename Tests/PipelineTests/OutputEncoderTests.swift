import Foundation
import JSON
import Pipeline
import Testing

@Suite struct OutputEncoderTests {
    let schemas = TopicSchemas()

    func output(_ kind: Output.Kind, reason: String? = nil) -> Output {
        Output(
            id: OutputID.make(kind: kind, tenantID: "acme", inReplyTo: ["m-1", "m-2"]), kind: kind, reason: reason,
            tenantID: "acme", conversationID: "c-1", inReplyTo: ["m-1", "m-2"], botID: "b-1", provider: "local",
            text: kind == .handoff ? "" : "30 天内可退货。",
            sources: [AnswerSource(title: "退货政策", snippet: "30 天内可退货", score: 0.9, documentID: "kb-1")],
            createdAt: Date(timeIntervalSince1970: 1_764_038_400)
        )
    }

    @Test(arguments: [
        (Output.Kind.suggestion, String?.none), (.suggestionFailed, "provider timed out"), (.answer, nil),
        (.fallback, "provider_failing"), (.handoff, "customer_requested_human"),
    ])
    func everyKindMatchesItsTopicSchema(kind: Output.Kind, reason: String?) throws {
        let value = output(kind, reason: reason)
        let document = try JSONParser.parse(OutputEncoder.encode(value))
        #expect(schemas.validator(for: value.defaultTopic).validate(document) == [])
    }

    @Test func idsAreStablePerMessageAndDifferPerKind() {
        let first = OutputID.make(kind: .suggestion, tenantID: "acme", inReplyTo: ["m-1"])
        #expect(first == OutputID.make(kind: .suggestion, tenantID: "acme", inReplyTo: ["m-1"]))
        #expect(first.hasPrefix("s-") && first.count == 26)
        // Fixed across versions: a message redelivered to a newer worker keeps its id.
        #expect(first == "s-1c570db2fbf4662c75129a10")
        #expect(first != OutputID.make(kind: .suggestion, tenantID: "acme", inReplyTo: ["m-2"]))
        #expect(OutputID.make(kind: .answer, tenantID: "acme", inReplyTo: ["m-1"]).hasPrefix("r-"))
    }

    @Test func sameOutputSameBytes() {
        #expect(OutputEncoder.encode(output(.answer)) == OutputEncoder.encode(output(.answer)))
    }
}
