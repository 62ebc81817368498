/// Where the broker stored an acknowledged record.
public struct KafkaDelivery: Sendable, Hashable {
    public var partition: Int32
    public var offset: Int64
}

/// A record to produce with `KafkaProducer.send(_:)`.
public struct KafkaProducerRecord: Sendable {
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// A record with a UTF-8 key and value.
    public init(topic: String, key: String?, value: String, headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }
}

/// Thrown by the batch `send` when some records of the batch were not acknowledged.
public struct KafkaBatchDeliveryError: Error, Sendable, CustomStringConvertible {
    /// Index in the batch and error of every record that failed, in index order.
    public var failures: [(index: Int, error: KafkaError)]

    public var description: String {
        let first = failures.first.map { ": first at #\($0.index): \($0.error)" } ?? ""
        return "\(failures.count) record(s) of the batch not delivered\(first)"
    }
}
