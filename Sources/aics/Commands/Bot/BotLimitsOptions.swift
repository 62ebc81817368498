import ArgumentParser
import Catalog

/// How hard workers may press a bot's provider, shared by `bot create` and `bot update`.
struct BotLimitsOptions: ParsableArguments {
    @Option(name: .long, help: "Most requests to the bot's provider at once, over all workers' admission (default: each worker's --max-in-flight; the worker learns the provider's real limit within it).")
    var maxConcurrency: Int?

    @Option(name: .long, help: "Most requests a second to the bot's provider (default: no rate of aics's own).")
    var requestsPerSecond: Double?

    @Flag(name: .long, help: "bot update: forget --max-concurrency and --requests-per-second (back to the defaults).")
    var clearLimits = false

    /// The flags given over `existing`; the rules are Catalog's (`Bot.validate`, shared with the admin API).
    func limits(over existing: BotLimits) -> BotLimits {
        var limits = clearLimits ? BotLimits() : existing
        if let maxConcurrency { limits.maxConcurrency = maxConcurrency }
        if let requestsPerSecond { limits.requestsPerSecond = requestsPerSecond }
        return limits
    }
}
