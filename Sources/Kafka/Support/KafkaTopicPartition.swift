import CRdKafka

/// A partition of a topic.
public struct KafkaTopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

/// Conversions between Swift values and `rd_kafka_topic_partition_list_t`.
package enum TopicPartitionList {
    /// A new native list (caller destroys it); `offsets` sets each entry's offset.
    package static func make(_ partitions: [KafkaTopicPartition], offsets: [KafkaTopicPartition: Int64] = [:]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))!
        for partition in partitions {
            let entry = rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition)!
            if let offset = offsets[partition] { entry.pointee.offset = offset }
        }
        return list
    }

    /// The partitions in a native list, sorted.
    static func partitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [KafkaTopicPartition] {
        guard let list else { return [] }
        var result: [KafkaTopicPartition] = []
        result.reserveCapacity(Int(list.pointee.cnt))
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            result.append(KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition))
        }
        return result.sorted()
    }

    /// The first per-partition error in a native list, if any.
    static func firstError(in list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> KafkaError? {
        for index in 0..<Int(list.pointee.cnt) where list.pointee.elems[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let element = list.pointee.elems[index]
            let base = KafkaError(element.err)
            return KafkaError(code: base.code, message: "\(String(cString: element.topic))[\(element.partition)]: \(base.message)")
        }
        return nil
    }
}
