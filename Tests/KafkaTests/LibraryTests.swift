import Kafka
import Testing

@Test func linksLibrdkafka() {
    #expect(KafkaLibrary.version.hasPrefix("2."))
}
