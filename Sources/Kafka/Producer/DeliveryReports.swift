import CRdKafka

/// The continuation a single `send` waits on; its bits travel as the record's opaque pointer.
typealias DeliveryContinuation = UnsafeContinuation<Result<KafkaDelivery, KafkaError>, Never>

/// librdkafka's delivery-report callback (runs on the producer's poll thread).
enum DeliveryReports {
    static func opaque(for continuation: DeliveryContinuation) -> UnsafeMutableRawPointer {
        unsafeBitCast(continuation, to: UnsafeMutableRawPointer.self)
    }

    static func handle(_ message: UnsafePointer<rd_kafka_message_t>?) {
        guard let message, let opaque = message.pointee._private else { return }
        let error = message.pointee.err
        if BatchDelivery.isBatchOpaque(opaque) {
            BatchDelivery.delivered(opaque: opaque, error: error)
            return
        }
        let continuation = unsafeBitCast(opaque, to: DeliveryContinuation.self)
        if error == RD_KAFKA_RESP_ERR_NO_ERROR {
            continuation.resume(returning: .success(KafkaDelivery(partition: message.pointee.partition, offset: message.pointee.offset)))
        } else {
            continuation.resume(returning: .failure(KafkaError(error)))
        }
    }
}
