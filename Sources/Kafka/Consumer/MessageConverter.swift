import CRdKafka
import Foundation
import Logging

/// Turns librdkafka messages into `KafkaMessage`s (copying key, value and headers) and destroys
/// them. Used by the one reader of a consumer at a time, so its topic-name cache needs no lock.
final class MessageConverter: @unchecked Sendable {
    private var topicNames: [OpaquePointer: String] = [:]
    private var lastTopic: (handle: OpaquePointer, name: String)?
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func convert(_ batch: NativeBatch) -> [KafkaConsumerEvent] {
        var events: [KafkaConsumerEvent] = []
        events.reserveCapacity(batch.items.count)
        for item in batch.items {
            switch item {
            case .event(let event):
                events.append(event)
            case .message(let message):
                if let converted = convert(message) { events.append(.message(converted)) }
                rd_kafka_message_destroy(message)
            }
        }
        return events
    }

    private func convert(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage? {
        let fields = message.pointee
        if fields.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("consumer error", metadata: ["error": "\(KafkaError(fields.err))"])
            return nil
        }
        var key: [UInt8]?
        if let pointer = fields.key {
            key = Array(UnsafeRawBufferPointer(start: pointer, count: fields.key_len))
        }
        let value = fields.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: fields.len)) } ?? []
        let milliseconds = rd_kafka_message_timestamp(message, nil)
        return KafkaMessage(
            topic: topicName(fields.rkt),
            partition: fields.partition,
            offset: fields.offset,
            key: key,
            value: value,
            headers: headers(of: message),
            timestamp: milliseconds >= 0 ? Date(timeIntervalSince1970: Double(milliseconds) / 1000) : nil
        )
    }

    private func topicName(_ topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if let lastTopic, lastTopic.handle == topic { return lastTopic.name }
        let name: String
        if let known = topicNames[topic] {
            name = known
        } else {
            name = String(cString: rd_kafka_topic_name(topic))
            topicNames[topic] = name
        }
        lastTopic = (topic, name)
        return name
    }

    private func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var native: OpaquePointer?
        guard rd_kafka_message_headers(message, &native) == RD_KAFKA_RESP_ERR_NO_ERROR, let native else { return [] }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(native, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            result.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: bytes))
            index += 1
        }
        return result
    }
}
