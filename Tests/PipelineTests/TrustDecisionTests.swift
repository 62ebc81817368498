import Foundation
import JSON
import Kafka
@testable import Pipeline
import Postgres
import Testing

@Suite("Attempt budget and failure classes: outages wait, a message's own failures end it")
struct AttemptBudgetTests {
    @Test("the budget counts deliveries; retries after an outage do not spend it")
    func budget() {
        let budget = AttemptBudget(maxAttempts: 3)
        #expect(!budget.isExhausted(attempts: 3))
        #expect(budget.isExhausted(attempts: 4))
        #expect(!budget.isExhausted(localFailures: 2))
        #expect(budget.isExhausted(localFailures: 3))
        #expect(budget.countsNextClaim(after: nil))
        #expect(budget.countsNextClaim(after: .ownFault))
        #expect(!budget.countsNextClaim(after: .outage))
        #expect(budget.reason(lastError: "boom") == "attempts_exhausted: gave up after 3 attempts; last error: boom")
    }

    @Test("connection trouble, timeouts, shutdowns and broker trouble are outages; refused data is the message's own")
    func classes() {
        #expect(FailureClass.of(PostgresError(.connectionLost, message: "gone")) == .outage)
        #expect(FailureClass.of(PostgresError(.connectionFailed, message: "refused")) == .outage)
        #expect(FailureClass.of(PostgresError(.statementTimeout, message: "slow")) == .outage)
        #expect(FailureClass.of(PostgresError(.server, sqlState: "57P01", message: "admin shutdown")) == .outage)
        #expect(FailureClass.of(PostgresError(.server, sqlState: "40001", message: "serialization")) == .outage)
        #expect(FailureClass.of(PostgresError(.server, sqlState: "22021", message: "invalid byte sequence")) == .ownFault)
        #expect(FailureClass.of(PostgresError(.server, sqlState: "54000", message: "index row size exceeds maximum")) == .ownFault)
        #expect(FailureClass.of(KafkaError(code: .requestTimedOut, message: "timed out")) == .outage)
        #expect(FailureClass.of(KafkaError(code: .messageSizeTooLarge, message: "too large")) == .ownFault)
        #expect(FailureClass.of(LedgerError("odd row")) == .ownFault)
        #expect(FailureClass.of(CancellationError()) == .outage)
    }
}

@Suite("Dead letters always fit the topic")
struct DeadLetterSizeTests {
    @Test("a 1 MB value, a 10 KB key and 100 long headers give a dead letter under 64 KiB that identifies the original")
    func bounded() throws {
        let value = [UInt8](repeating: UInt8(ascii: "v"), count: 1_000_000)
        let key = [UInt8](repeating: UInt8(ascii: "k"), count: 10_000)
        let headers = (0..<100).map { (name: "h\($0)", value: String(repeating: "x", count: 5000)) }
        let bytes = DeadLetter.value(
            topic: "cs.inbound", partition: 3, offset: 42, key: key, value: value, headers: headers,
            rejection: InboundRejection(.oversize, String(repeating: "reason ", count: 2000)))
        #expect(bytes.count < 64 * 1024)
        let document = try JSONParser.parse(bytes)
        #expect(TopicSchemas().validator(for: "cs.dead-letter").validate(document).isEmpty)
        #expect(document["value_bytes"]?.numberValue == 1_000_000)
        #expect(document["value_truncated"]?.boolValue == true)
        #expect(document["key_truncated"]?.boolValue == true)
        #expect(document["value_sha256"]?.stringValue?.count == 64)
        #expect(document["headers"]?.objectValue?.count == DeadLetter.maxHeaders)
    }

    @Test("a small record is kept whole")
    func whole() throws {
        let document = try JSONParser.parse(DeadLetter.value(
            topic: "cs.inbound", partition: 0, offset: 1, key: nil, value: Array("not json".utf8), headers: [],
            rejection: InboundRejection(.notJSON, "value is not JSON")))
        #expect(document["value_base64"]?.stringValue == Data("not json".utf8).base64EncodedString())
        #expect(document["value_truncated"]?.boolValue == false)
        #expect(document["value_sha256"]?.stringValue == "7ccfa1fbf3940e6f0c0375d87c0f9235a50514e14cb427bdfaf5077987b26ccf")
        #expect(document["key_truncated"] == nil)
    }

    @Test("text cut to a byte budget stays valid UTF-8 and says it was cut")
    func cutting() {
        let cut = String(utf8Prefix: String(repeating: "字", count: 100), maxBytes: 20)
        #expect(cut.utf8.count <= 20)
        #expect(cut.hasSuffix("…"))
        #expect(String(utf8Prefix: "short", maxBytes: 20) == "short")
    }
}

@Suite("Intake refuses what aics cannot store")
struct IntakeStorableTests {
    static func record(_ edit: (inout [String: JSONValue]) -> Void) -> [UInt8] {
        var document: [String: JSONValue] = [
            "message_id": .string("m1"), "tenant_id": .string("t"), "account_id": .string("a"), "channel": .string("web"),
            "conversation_id": .string("c"), "customer": .object(["id": .string("cu"), "name": .string("Ann")]),
            "content": .object(["type": .string("text"), "text": .string("hello")]), "sent_at": .string("2026-11-25T02:40:00Z"),
        ]
        edit(&document)
        return JSONWriter.bytes(.object(document))
    }

    @Test("U+0000 anywhere is refused with the field's path", arguments: [
        ("message_id", "message_id"), ("tenant_id", "tenant_id"), ("account_id", "account_id"), ("channel", "channel"),
        ("conversation_id", "conversation_id"), ("sent_at", "sent_at"),
    ])
    func nulInTopLevelFields(field: String, path: String) {
        let bytes = Self.record { $0[field] = .string("a\u{0}b") }
        guard case .failure(let rejection) = InboundDecoder(schemas: TopicSchemas()).decode(bytes) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.kind == .schema)
        #expect(rejection.message == "\(path): contains U+0000 (NUL), which aics cannot store or send on")
    }

    @Test("U+0000 in nested fields and blank texts are refused")
    func nested() {
        let decoder = InboundDecoder(schemas: TopicSchemas())
        let cases: [([UInt8], String)] = [
            (Self.record { $0["customer"] = .object(["id": .string("cu"), "name": .string("A\u{0}nn")]) }, "customer.name: contains U+0000"),
            (Self.record { $0["content"] = .object(["type": .string("text"), "text": .string("hi\u{0}")]) }, "content.text: contains U+0000"),
            (Self.record { $0["content"] = .object(["type": .string("text"), "text": .string(" \n\u{3000}")]) }, "content.text: must contain more than whitespace"),
        ]
        for (bytes, expected) in cases {
            guard case .failure(let rejection) = decoder.decode(bytes) else {
                Issue.record("accepted: \(expected)")
                continue
            }
            #expect(rejection.message.hasPrefix(expected))
        }
        guard case .success = decoder.decode(Self.record { _ in }) else {
            Issue.record("a good record was refused")
            return
        }
    }
}

@Suite("ConfigCache: bounded, tenant by tenant")
struct ConfigCacheTests {
    @Test("it never holds more than its capacity")
    func bounded() async throws {
        let cache = ConfigCache(capacity: 100)
        for index in 0..<1000 {
            _ = try await cache.value("binding\(index)", tenantID: "t\(index % 7)") { index }
        }
        #expect(cache.count <= 100)
        #expect(cache.count >= 90)
    }

    @Test("a change of one tenant drops that tenant's entries only; an unreadable change drops all")
    func invalidation() async throws {
        let cache = ConfigCache()
        _ = try await cache.value("a1", tenantID: "acme") { 1 }
        _ = try await cache.value("g1", tenantID: "globex") { 2 }
        cache.invalidate(ConfigChange(payload: #"{"table":"bindings","op":"UPDATE","id":"x","tenant_id":"acme"}"#))
        #expect(try await cache.value("a1", tenantID: "acme") { 10 } == 10)
        #expect(try await cache.value("g1", tenantID: "globex") { 20 } == 2)
        cache.invalidate(ConfigChange(payload: "not json"))
        #expect(try await cache.value("g1", tenantID: "globex") { 30 } == 30)
        #expect(ConfigChange(payload: #"{"tenant_id": ""}"#) == .everything)
    }

    @Test("a load that started before its tenant's change does not store its stale result")
    func staleLoad() async throws {
        let cache = ConfigCache()
        let value = try await cache.value("a1", tenantID: "acme") { () async -> Int in
            cache.invalidate(.tenant("acme"))
            return 1
        }
        #expect(value == 1)
        #expect(try await cache.value("a1", tenantID: "acme") { 2 } == 2)
    }

    @Test("ids that Swift calls equal but the database keeps apart (Kelvin sign) are separate entries")
    func exactBytes() async throws {
        let cache = ConfigCache()
        _ = try await cache.value("tenant\u{0}Kelvin", tenantID: "Kelvin") { true }
        #expect(try await cache.value("tenant\u{0}\u{212A}elvin", tenantID: "\u{212A}elvin") { false } == false)
        cache.invalidate(.tenant("\u{212A}elvin"))
        #expect(try await cache.value("tenant\u{0}Kelvin", tenantID: "Kelvin") { false } == true)
    }
}
