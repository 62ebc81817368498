import ArgumentParser
import CommandSupport
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
        // Quieter than other commands: the demo's own output is the point.
        try LoggingOptions.bootstrap(level: logLevel, default: "error")
        return Logger(label: "aics.demo")
    }
}
