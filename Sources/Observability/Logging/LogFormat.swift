import Logging

/// How a command's log lines look on standard error (`--log-format`, env AICS_LOG_FORMAT).
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's plain lines: `2026-11-25T02:40:00+0000 info aics.worker : key=value message`.
    case text
    /// One JSON object per line (`JSONLogHandler`), for log collectors.
    case json

    /// Sends every logger of the process to standard error in this format at `level`.
    public func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in self.handler(label: label, level: level) }
    }

    public func handler(label: String, level: Logger.Level) -> any LogHandler {
        switch self {
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        case .json:
            return JSONLogHandler(label: label, level: level)
        }
    }
}
