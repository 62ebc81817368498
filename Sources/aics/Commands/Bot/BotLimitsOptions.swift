import ArgumentParser
import Catalog

/// `--max-concurrency` and `--requests-per-second` of `bot create` and `bot update`.
struct BotLimitsOptions: ParsableArguments {
    @Option(name: .long, help: "Most requests a worker sends this bot at once (e.g. Dify's APP_MAX_ACTIVE_REQUESTS); 'none' for the worker's --max-in-flight. Within it each worker learns the provider's real limit from its 429s.")
    var maxConcurrency: String?

    @Option(name: .long, help: "Most requests per second a worker sends this bot; 'none' for no limit of aics's own.")
    var requestsPerSecond: String?

    /// `base` with the limits given on the command line. The ranges are checked by Catalog's
    /// `BotLimits.validate` (shared with the admin API) when the bot is stored.
    func limits(over base: BotLimits) throws -> BotLimits {
        var limits = base
        if let maxConcurrency {
            if maxConcurrency == "none" {
                limits.maxConcurrency = nil
            } else {
                guard let value = Int(maxConcurrency) else {
                    throw ValidationError("--max-concurrency must be a whole number of at least 1, or none")
                }
                limits.maxConcurrency = value
            }
        }
        if let requestsPerSecond {
            if requestsPerSecond == "none" {
                limits.requestsPerSecond = nil
            } else {
                guard let value = Double(requestsPerSecond) else {
                    throw ValidationError("--requests-per-second must be a positive number, or none")
                }
                limits.requestsPerSecond = value
            }
        }
        return limits
    }
}
