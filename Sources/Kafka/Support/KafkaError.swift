import CRdKafka

/// A librdkafka error code (`rd_kafka_resp_err_t`): negative values are librdkafka's own,
/// positive ones come from the broker protocol.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    init(_ native: rd_kafka_resp_err_t) { self.rawValue = native.rawValue }

    var native: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

    /// librdkafka's symbolic name, e.g. "NOT_LEADER_FOR_PARTITION" or "_QUEUE_FULL".
    public var name: String { String(cString: rd_kafka_err2name(native)) }
    public var description: String { "\(name) (\(rawValue))" }

    public static let noError = KafkaErrorCode(RD_KAFKA_RESP_ERR_NO_ERROR)
    public static let queueFull = KafkaErrorCode(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    public static let invalidArgument = KafkaErrorCode(RD_KAFKA_RESP_ERR__INVALID_ARG)
    public static let destroyed = KafkaErrorCode(RD_KAFKA_RESP_ERR__DESTROY)
    public static let state = KafkaErrorCode(RD_KAFKA_RESP_ERR__STATE)
    public static let notLeaderForPartition = KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
    public static let requestTimedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
    public static let notEnoughReplicas = KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
    public static let leaderNotAvailable = KafkaErrorCode(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
    public static let messageSizeTooLarge = KafkaErrorCode(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
    public static let invalidMessage = KafkaErrorCode(RD_KAFKA_RESP_ERR_INVALID_MSG)
    public static let invalidMessageSize = KafkaErrorCode(RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE)
    public static let recordListTooLarge = KafkaErrorCode(RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE)
}

/// An error reported by librdkafka (or by this layer in librdkafka's terms): its code and text.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: KafkaErrorCode
    public let message: String

    public init(code: KafkaErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    /// The error with librdkafka's own description of `code`.
    init(_ native: rd_kafka_resp_err_t) {
        self.init(code: KafkaErrorCode(native), message: String(cString: rd_kafka_err2str(native)))
    }

    /// The error of an `rd_kafka_error_t`, which this call destroys.
    init(consuming error: OpaquePointer) {
        self.init(
            code: KafkaErrorCode(rd_kafka_error_code(error)),
            message: String(cString: rd_kafka_error_string(error))
        )
        rd_kafka_error_destroy(error)
    }

    static let closed = KafkaError(code: .destroyed, message: "the Kafka client is shut down")

    public var description: String { "Kafka error \(code): \(message)" }
}
