import ArgumentParser
import Foundation
import Logging

/// `--log-level`, shared by every long-running command. Logs go to standard error.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical. Env: AICS_LOG_LEVEL. (default: info)")
    var logLevel: String?

    func bootstrap() throws {
        try Self.bootstrap(level: logLevel, default: "info")
    }

    /// Logs to standard error at `level`, else AICS_LOG_LEVEL, else `defaultLevel`.
    static func bootstrap(level: String?, default defaultLevel: String) throws {
        let text = level ?? Environment.value("AICS_LOG_LEVEL") ?? defaultLevel
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("unknown log level '\(text)'")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
