import Foundation
import JSON
import Pipeline
import Testing

@Suite struct InboundDecoderTests {
    let decoder = InboundDecoder(schemas: TopicSchemas(), maxBytes: 2_000)

    static let valid = """
    {"message_id": "m-1", "tenant_id": "acme", "account_id": "wecom-1", "channel": "wecom", "conversation_id": "c-1",
     "customer": {"id": "cust-1", "name": "王小明"}, "content": {"type": "text", "text": "退货政策是什么？"},
     "sent_at": "2026-11-25T02:40:00Z"}
    """

    @Test func decodesAValidMessage() throws {
        let message = try decoder.decode(Array(Self.valid.utf8)).get()
        #expect(message == InboundMessage(
            messageID: "m-1", tenantID: "acme", accountID: "wecom-1", channel: "wecom", conversationID: "c-1",
            customer: .init(id: "cust-1", name: "王小明"), text: "退货政策是什么？", sentAt: "2026-11-25T02:40:00Z"
        ))
    }

    @Test(arguments: [
        ("not json", InboundRejection.Kind.notJSON, "value is not JSON: unexpected character 'n', expected 'null' at byte 0"),
        (#"{"message_id": "m"}"#, .schema, "does not match cs.inbound.schema.json: tenant_id: required property missing"),
        (String(repeating: " ", count: 2_001), .oversize, "record is 2001 bytes, the limit is 2000"),
    ])
    func rejectsWithAReason(text: String, kind: InboundRejection.Kind, messagePrefix: String) {
        guard case .failure(let rejection) = decoder.decode(Array(text.utf8)) else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(rejection.kind == kind)
        #expect(rejection.message.hasPrefix(messagePrefix), "\(rejection.message)")
    }

    @Test func deadLetterKeepsTheOriginalBytesAndValidates() throws {
        let original: [UInt8] = [0xFF, 0x00, 0x41]
        let bytes = DeadLetter.value(
            topic: "cs.inbound", partition: 2, offset: 41, key: Array("c-1".utf8), value: original,
            headers: [("traceparent", "00-abc-def-01")], rejection: InboundRejection(.notJSON, "value is not JSON")
        )
        let document = try JSONParser.parse(bytes)
        #expect(TopicSchemas().validator(for: "cs.dead-letter").validate(document) == [])
        #expect(document["value_base64"]?.stringValue.flatMap { Data(base64Encoded: $0) }.map(Array.init) == original)
        #expect(document["offset"] == .number(41))
    }
}
