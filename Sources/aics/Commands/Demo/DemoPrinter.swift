import Foundation
import Kafka

/// Prints what happens in the demo for a human reader.
struct DemoPrinter: Sendable {
    func section(_ title: String) {
        print("\n== \(title)")
    }

    func note(_ text: String) {
        print("   · \(text)")
    }

    func sent(_ message: InboundMessage) {
        print("   → \(message.conversationID) \(message.customer.name ?? message.customer.id) (\(message.channel)): \(message.content.text)")
    }

    func received(_ record: KafkaMessage, _ message: InboundMessage?) {
        let place = "[\(record.topic) p\(record.partition) #\(record.offset)]"
        guard let message else {
            print("   ← \(place) \(RecordFormatting.value(record))")
            return
        }
        print("   ← \(place) \(message.conversationID) \(message.customer.name ?? message.customer.id) (\(message.channel)): \(message.content.text)")
    }
}
