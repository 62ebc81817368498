import Catalog

/// The limited-provider scenario (issue 15): a Dify bot capped at `cap` concurrent requests that
/// answers after `cappedDelay`, beside an uncapped bot of another tenant on the same workers.
/// Phase 1 offers only the other tenant's steady load ("alone"); phase 2 queues the capped
/// tenant's whole backlog at once and offers the other tenant's load again ("beside").
struct LimitedProviderSpec: Sendable {
    var key = "limited"
    var partitions: Int
    var workers = 1
    /// `--max-in-flight` of every worker.
    var maxInFlight: Int
    /// The capped fake's `maxActiveRequests`: beyond it, 429 `too_many_requests`.
    var cap = 10
    var cappedDelay: Duration = .milliseconds(500)
    var cappedMessages: Int
    var cappedConversations: Int
    /// The capped bot's `max_concurrency`; nil (or above `cap`): the worker learns the cap from the 429s.
    var cappedBotMaxConcurrency: Int?
    var otherDelay: Duration = .milliseconds(50)
    /// The other tenant's offered messages per second, in both phases.
    var otherRate: Double
    /// The other tenant's messages in each phase.
    var otherMessages: Int
    var otherConversations: Int

    /// The most the capped bot can answer: `cap` requests at a time, each taking `cappedDelay`.
    var capThroughput: Double { Double(cap) / PipelineRun.seconds(cappedDelay) }

    /// Enough of the other tenant's messages to fill `share` of the time the capped backlog takes
    /// at the cap's throughput, so that phase 2's load runs beside the backlog throughout.
    static func otherMessages(rate: Double, cappedMessages: Int, capThroughput: Double, share: Double = 0.8) -> Int {
        max(20, Int(rate * Double(cappedMessages) / capThroughput * share))
    }

    var title: String {
        "Dify bot capped at \(cap) concurrent, \(cappedDelay.wholeMilliseconds) ms answers, beside another tenant's uncapped \(otherDelay.wholeMilliseconds) ms bot"
    }

}
