/// What a `KafkaConsumer` hands to its reader, in order.
public enum KafkaConsumerEvent: Sendable {
    /// A record.
    case message(KafkaMessage)
    /// These partitions were assigned to this consumer (after any revocation of the same rebalance).
    case partitionsAssigned([KafkaTopicPartition])
    /// These partitions are being taken away. librdkafka completes the revocation only when the
    /// reader asks for the next event, so commit what is done in them (and drop their in-flight
    /// work) before asking.
    case partitionsRevoked([KafkaTopicPartition])
}
