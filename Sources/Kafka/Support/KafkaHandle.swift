/// An `rd_kafka_t` (or other librdkafka object) pointer that may cross threads: librdkafka
/// handles are thread-safe, the owner decides when it is destroyed.
struct KafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
