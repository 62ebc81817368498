import ArgumentParser
import Logging
import Secrets

extension DemoCommand {
    /// The operator's key when AICS_SECRET_KEY is set, else a throwaway key: the demo's bot is
    /// local and has no API keys to seal.
    func demoSecretBox() throws -> SecretBox {
        do {
            return try SecretBox(key: Environment.value("AICS_SECRET_KEY") ?? "aics-demo-throwaway-key-not-for-real-secrets")
        } catch {
            throw ConfigurationError("unusable AICS_SECRET_KEY: \(error)")
        }
    }

    func bootstrapLogging() throws -> Logger {
        let text = logLevel ?? Environment.value("AICS_LOG_LEVEL") ?? "error"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("unknown log level '\(text)'")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "aics.demo")
    }
}
