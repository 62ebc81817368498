import CLibPQ
import Logging

/// Receives the server's NOTICE and WARNING messages through `PQsetNoticeProcessor`, so that they
/// reach the logger instead of libpq's default, standard error.
final class NoticeLogger: @unchecked Sendable {
    private let logger: Logger
    private let redactor: SecretRedactor

    init(logger: Logger, redactor: SecretRedactor) {
        self.logger = logger
        self.redactor = redactor
    }

    /// Installs this object on `connection`. The caller keeps `self` alive as long as the connection.
    func install(on connection: OpaquePointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = PQsetNoticeProcessor(connection, { context, message in
            guard let context, let message else { return }
            let sink = Unmanaged<NoticeLogger>.fromOpaque(context).takeUnretainedValue()
            sink.log(String(cString: message))
        }, context)
    }

    private func log(_ message: String) {
        let text = redactor.scrub(message.trimmingCharacters(in: .whitespacesAndNewlines))
        // Plain NOTICEs are chatter ("already exists, skipping"); WARNINGs deserve attention.
        let level: Logger.Level = text.hasPrefix("NOTICE") || text.hasPrefix("DEBUG") || text.hasPrefix("LOG") || text.hasPrefix("INFO") ? .debug : .warning
        logger.log(level: level, "postgres notice", metadata: ["notice": "\(text)"])
    }
}
