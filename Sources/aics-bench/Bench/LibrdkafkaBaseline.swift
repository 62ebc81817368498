import CRdKafka
import Foundation
import Kafka

/// Plain librdkafka calls with no Swift layer in between: the baseline that `aics bench kafka`
/// compares `KafkaProducer` and `KafkaConsumer` against. Blocking; call from a thread of your own.
enum LibrdkafkaBaseline {
    /// Produces `count` records (key `keys[i % keys.count]`, value `value`) with `rd_kafka_produce`
    /// and the same settings as `KafkaProducer`, polls delivery reports, flushes; returns the
    /// elapsed time until every record was acknowledged. One empty record goes first, unmeasured
    /// (producer id, topic metadata and connections are set up then), so `topic` gets `count + 1`.
    static func produce(configuration: KafkaProducerConfiguration, topic: String, keys: [[UInt8]], value: [UInt8], count: Int) throws(KafkaError) -> Duration {
        final class Counters {
            var delivered = 0
            var failed = 0
        }
        let counters = Counters()
        let conf = try NativeConfiguration.make(configuration.nativeProperties)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(counters).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
            let counters = Unmanaged<Counters>.fromOpaque(opaque!).takeUnretainedValue()
            if message!.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR { counters.delivered += 1 } else { counters.failed += 1 }
        }
        let rk = try NativeConfiguration.makeClient(type: RD_KAFKA_PRODUCER, conf: conf)
        defer { rd_kafka_destroy(rk) }
        let rkt = rd_kafka_topic_new(rk, topic, nil)
        defer { rd_kafka_topic_destroy(rkt) }
        rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, nil, 0, nil, 0, nil)
        while rd_kafka_outq_len(rk) > 0 { rd_kafka_flush(rk, 1000) }
        counters.delivered = 0
        let clock = ContinuousClock()
        let start = clock.now
        value.withUnsafeBytes { valueBytes in
            for index in 0..<count {
                keys[index % keys.count].withUnsafeBytes { keyBytes in
                    while rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, UnsafeMutableRawPointer(mutating: valueBytes.baseAddress), valueBytes.count, keyBytes.baseAddress, keyBytes.count, nil) == -1 {
                        // Queue full: serve delivery reports, then retry.
                        rd_kafka_poll(rk, 1)
                    }
                }
                if index % 1000 == 0 { rd_kafka_poll(rk, 0) }
            }
        }
        while rd_kafka_outq_len(rk) > 0 { rd_kafka_flush(rk, 1000) }
        let elapsed = clock.now - start
        if counters.failed > 0 || counters.delivered != count {
            throw KafkaError(code: .state, message: "baseline produce: \(counters.delivered) delivered, \(counters.failed) failed of \(count)")
        }
        return elapsed
    }

    /// Consumes `count` messages with `rd_kafka_consumer_poll` in a new group, reading each key and
    /// value once (copied into a reused scratch buffer, as an application reads what it consumes);
    /// returns the time from the first message to the last (the group join is not measured) and
    /// the value bytes read.
    static func consume(configuration: KafkaConsumerConfiguration, topic: String, count: Int) throws(KafkaError) -> (elapsed: Duration, bytes: Int) {
        let conf = try NativeConfiguration.make(configuration.nativeProperties)
        let rk = try NativeConfiguration.makeClient(type: RD_KAFKA_CONSUMER, conf: conf)
        defer { rd_kafka_destroy(rk) }
        rd_kafka_poll_set_consumer(rk)
        let list = TopicPartitionList.make([KafkaTopicPartition(topic: topic, partition: RD_KAFKA_PARTITION_UA)])
        rd_kafka_subscribe(rk, list)
        rd_kafka_topic_partition_list_destroy(list)
        defer { rd_kafka_consumer_close(rk) }
        let clock = ContinuousClock()
        var start: ContinuousClock.Instant?
        var received = 0
        var bytes = 0
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { scratch.deallocate() }
        let deadline = clock.now + .seconds(120)
        while received < count {
            guard clock.now < deadline else { throw KafkaError(code: .state, message: "baseline consume: \(received) of \(count) in 120 s") }
            guard let message = rd_kafka_consumer_poll(rk, 100) else { continue }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                if start == nil { start = clock.now }
                received += 1
                bytes += message.pointee.len
                if let key = message.pointee.key { scratch.copyMemory(from: key, byteCount: min(message.pointee.key_len, 1 << 19)) }
                if let payload = message.pointee.payload { (scratch + (1 << 19)).copyMemory(from: payload, byteCount: min(message.pointee.len, 1 << 19)) }
            }
            rd_kafka_message_destroy(message)
        }
        return (clock.now - start!, bytes)
    }
}
