import Foundation
import Kafka

/// Bad input, as a buggy chat platform might send it: records the worker cannot accept go to
/// cs.dead-letter with the original bytes and a reason, and the worker goes on.
struct DemoBadInput {
    let scenario: DemoScenario
    let inbound: DemoInbound
    let observer: DemoObserver
    let printer: DemoPrinter

    /// The broken records: one not JSON, one without the message text.
    var records: [(what: String, value: String)] {
        [
            ("not JSON", #"{"message_id": "oops"#),
            ("no content", #"{"message_id":"\#(scenario.tenantID)-broken","tenant_id":"\#(scenario.tenantID)","account_id":"demo-hosted","channel":"web","conversation_id":"conv-1099","customer":{"id":"c"},"sent_at":"2026-11-25T03:00:00Z"}"#),
        ]
    }

    /// Sends the records and prints what arrives on cs.dead-letter.
    /// - Throws: `ConfigurationError` when the dead letters do not arrive before `deadline`.
    func play(until deadline: ContinuousClock.Instant) async throws {
        printer.section("Bad input: the chat platform sends \(records.count) broken records to \(DefaultTopics.inbound)")
        let before = observer.deadLetters.count
        try await inbound.sendRaw(records.map(\.value), key: "conv-1099")
        while observer.deadLetters.count < before + records.count {
            guard ContinuousClock.now < deadline else {
                throw ConfigurationError("only \(observer.deadLetters.count - before) of \(records.count) broken records reached \(DefaultTopics.deadLetter)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        // Records of one key may be dead-lettered in any order; show them in the order sent.
        let values = records.map(\.value)
        let arrived = observer.deadLetters.dropFirst(before)
            .sorted { (values.firstIndex(of: $0.originalValue) ?? .max) < (values.firstIndex(of: $1.originalValue) ?? .max) }
        for deadLetter in arrived {
            let original = deadLetter.originalValue.count > 40 ? deadLetter.originalValue.prefix(37) + "..." : deadLetter.originalValue
            printer.deadLetter(original: String(original), kind: deadLetter.errorKind, error: deadLetter.error)
        }
    }
}
