import CRdKafka
import Logging

/// Builds an `rd_kafka_conf_t` from string properties. `package`: `aics-bench` builds its raw
/// librdkafka baseline with the same settings.
package enum NativeConfiguration {
    /// Property names whose values must never reach logs or error text.
    static func isSecret(_ name: String) -> Bool {
        name.contains("password") || name.contains("secret") || name.hasSuffix(".key") || name.contains("token")
    }

    /// A new configuration object (the caller owns it until it passes it to `rd_kafka_new`).
    package static func make(_ properties: [String: String]) throws(KafkaError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        // librdkafka's own lines go through swift-log (one format on standard error, e.g. JSON).
        rd_kafka_conf_set_log_cb(conf) { _, level, facility, text in
            NativeConfiguration.log(level: level, facility: facility, text: text)
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let text = isSecret(name) ? "invalid value for \(name)" : text(of: errorText)
                throw KafkaError(code: .invalidArgument, message: "configuration: \(text)")
            }
        }
        return conf
    }

    /// Creates a client handle from `conf`; librdkafka owns `conf` on success, this call destroys it on failure.
    package static func makeClient(type: rd_kafka_type_t, conf: OpaquePointer) throws(KafkaError) -> OpaquePointer {
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: .invalidArgument, message: "cannot create client: \(text(of: errorText))")
        }
        return handle
    }

    static let librdkafkaLogger = Logger(label: "aics.kafka.librdkafka")

    /// A librdkafka log line (syslog levels) as a swift-log line; called on librdkafka's threads.
    static func log(level: Int32, facility: UnsafePointer<CChar>?, text: UnsafePointer<CChar>?) {
        let swiftLevel: Logger.Level = switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
        librdkafkaLogger.log(level: swiftLevel, "\(text.map { String(cString: $0) } ?? "")", metadata: [
            "facility": "\(facility.map { String(cString: $0) } ?? "")",
        ])
    }

    private static func text(of buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
