import ArgumentParser
import Foundation
import Logging
import Observability

/// `--log-level` and `--log-format`, shared by every long-running command. Logs go to standard error.
public struct LoggingOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical. Env: AICS_LOG_LEVEL. (default: info)")
    public var logLevel: String?

    @Option(name: .long, help: "Log lines on standard error: text, or json (one object per line: time, level, label, message, metadata; per-message lines carry tenant, conversation and message). Env: AICS_LOG_FORMAT. (default: text)")
    public var logFormat: String?

    public func validate() throws {
        _ = try Self.format(logFormat)
    }

    public func bootstrap() throws {
        try Self.bootstrap(level: logLevel, format: logFormat, default: "info")
    }

    /// Logs to standard error at `level`, else AICS_LOG_LEVEL, else `defaultLevel`; in `format`,
    /// else AICS_LOG_FORMAT, else text.
    public static func bootstrap(level: String?, format: String? = nil, default defaultLevel: String) throws {
        let text = level ?? Environment.value("AICS_LOG_LEVEL") ?? defaultLevel
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("unknown log level '\(text)'")
        }
        try Self.format(format).bootstrap(level: level)
    }

    /// `text` or `json`, from the flag, else AICS_LOG_FORMAT, else text.
    public static func format(_ flag: String?) throws -> LogFormat {
        let text = flag ?? Environment.value("AICS_LOG_FORMAT") ?? LogFormat.text.rawValue
        guard let format = LogFormat(rawValue: text.lowercased()) else {
            throw ValidationError("unknown log format '\(text)': use text or json")
        }
        return format
    }
}
