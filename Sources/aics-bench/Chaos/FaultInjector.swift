import Fakes
import Foundation
import Kafka

/// Carries out one fault on the run's components and says what it did.
struct FaultInjector {
    let cluster: EmbeddedKafkaCluster
    let topics: [String]
    let partitions: Int
    let fleet: WorkerFleet
    let dify: DifyFake
    let openAI: OpenAIFake
    /// A shell command prefix for pg_ctl of the run's Postgres (`<it> restart -m fast`); nil: no restart possible.
    let pgCtl: String?
    let logDirectory: URL
    /// Whether provider faults include requests that never answer (they hold a conversation for the client's whole timeout).
    let providerHang: Bool
    /// Sets every bot active again, as an operator does once credentials or quota are fixed.
    let reactivateBots: @Sendable () async throws -> Void
    let clock: @Sendable () -> Double

    /// Seconds a broker stays down or slow.
    static let brokerFaultSeconds = 5.0
    /// Seconds until the "operator" sets bots disabled by a provider fault active again.
    static let operatorDelaySeconds = 10.0

    func inject(_ fault: ChaosFault) async throws -> FaultEvent {
        let start = clock()
        let detail: String
        var problem: String?
        switch fault {
        case .kill:
            let slot = Int.random(in: 0..<fleet.count)
            detail = "SIGKILL \(fleet.name(slot))"
            try await fleet.kill(slot)
        case .drain:
            let slot = Int.random(in: 0..<fleet.count)
            let name = fleet.name(slot)
            let status = try await fleet.drain(slot, timeout: .seconds(40))
            detail = "SIGTERM \(name): exit \(status.map(String.init) ?? "killed after 40 s")"
            if status != 0 {
                problem = "\(name) did not drain cleanly after SIGTERM (exit \(status.map(String.init) ?? "none: killed after 40 s"); after a crash the status is the signal, e.g. 4 for SIGILL); its log: \(logDirectory.appendingPathComponent(name + ".log").path)"
            }
        case .brokerDown:
            let broker = cluster.brokerIDs.randomElement()!
            try cluster.setBrokerDown(broker)
            try await Task.sleep(for: .seconds(Self.brokerFaultSeconds))
            try cluster.setBrokerUp(broker)
            detail = "broker \(broker) down for \(Self.brokerFaultSeconds) s"
        case .requestErrors:
            // Retriable protocol errors, as a broker under stress returns them.
            let notLeader = KafkaErrorCode.notLeaderForPartition, timedOut = KafkaErrorCode.requestTimedOut
            let notCoordinator = KafkaErrorCode(rawValue: 16), coordinatorUnavailable = KafkaErrorCode(rawValue: 15)
            try cluster.pushRequestErrors(.produce, [notLeader, timedOut, .notEnoughReplicas, notLeader])
            try cluster.pushRequestErrors(.fetch, [notLeader, .leaderNotAvailable, notLeader])
            try cluster.pushRequestErrors(.offsetCommit, [notCoordinator, timedOut, coordinatorUnavailable])
            try cluster.pushRequestErrors(.heartbeat, [notCoordinator, coordinatorUnavailable])
            try cluster.pushRequestErrors(.metadata, [timedOut])
            try cluster.pushRequestErrors(.findCoordinator, [coordinatorUnavailable])
            detail = "errors pushed on produce (4), fetch (3), offset commit (3), heartbeat (2), metadata (1), find coordinator (1)"
        case .leaderMoves:
            var moved = 0
            for topic in topics {
                for partition in 0..<Int32(partitions) {
                    try cluster.setPartitionLeader(topic: topic, partition: partition, brokerID: cluster.brokerIDs.randomElement()!)
                    moved += 1
                }
            }
            detail = "\(moved) partition leaders moved to random brokers"
        case .slowBroker:
            let broker = cluster.brokerIDs.randomElement()!
            try cluster.setBrokerRoundTrip(broker, milliseconds: 500)
            try await Task.sleep(for: .seconds(Self.brokerFaultSeconds))
            try cluster.setBrokerRoundTrip(broker, milliseconds: 0)
            detail = "broker \(broker) answers 500 ms late for \(Self.brokerFaultSeconds) s"
        case .postgresRestart:
            guard let pgCtl else { throw ChaosFailure("postgres-restart needs --pg-ctl (or AICS_PG_CTL)") }
            let log = logDirectory.appendingPathComponent("postgres-restart.log").path
            let status = try await Self.shell("\(pgCtl) restart -m fast >>'\(log)' 2>&1")
            guard status == 0 else { throw ChaosFailure("`\(pgCtl) restart -m fast` exited with \(status); see \(log)") }
            detail = "postgres restarted (fast shutdown: every connection dropped)"
        case .providerFaults:
            for failure in Self.difyFailures(hang: providerHang) { dify.inject(failure, times: 2, on: .chat) }
            for failure in Self.openAIFailures(hang: providerHang) { openAI.inject(failure, times: 2, on: .responses) }
            // Invalid credentials and exhausted quota stop the worker asking the bot until an
            // operator acts: the operator does, a while later.
            try await Task.sleep(for: .seconds(Self.operatorDelaySeconds))
            try await reactivateBots()
            detail = "every Dify (\(Self.difyFailures(hang: providerHang).count)) and OpenAI (\(Self.openAIFailures(hang: providerHang).count)) failure kind, twice each\(providerHang ? ", hangs included" : ""); bots set active again after \(Int(Self.operatorDelaySeconds)) s"
        }
        return FaultEvent(kind: fault, detail: detail, start: start, end: clock(), recovery: nil, problem: problem)
    }

    static func difyFailures(hang: Bool) -> [DifyFailure] {
        [.tooManyRequests, .rateLimitError, .providerQuotaExceeded, .providerNotInitialize, .appUnavailable,
         .completionRequestError, .internalServerError, .serviceUnavailable, .unauthorized, .forbidden,
         .conversationNotExists, .knowledgeRateLimit, .malformedJSON, .delay(.seconds(2)), .slowStream(.milliseconds(300)),
         .cutStream(afterEvents: 1), .errorEvent(status: 500, code: "internal_server_error", message: "injected stream error"),
         .messageReplace("This answer was replaced by moderation."), .error(status: 502, code: "bad_gateway", message: "injected 502")]
            + (hang ? [.hang] : [])
    }

    static func openAIFailures(hang: Bool) -> [OpenAIFailure] {
        [.rateLimited(retryAfter: .milliseconds(500)), .insufficientQuota, .serverError, .overloaded, .unauthorized,
         .previousResponseNotFound, .malformedJSON, .delay(.seconds(2)), .slowStream(.milliseconds(300)), .cutStream(afterEvents: 1),
         .responseFailed, .errorEvent, .incomplete,
         .error(status: 400, type: "invalid_request_error", code: nil, message: "injected bad request", param: nil)]
            + (hang ? [.hang] : [])
    }

    /// Runs `/bin/sh -c command` and returns its exit status, polled with waitpid (no thread waits).
    /// Not through Foundation's Process: it learns of the end through a socket the child inherits,
    /// and a daemon the command starts (pg_ctl's postmaster) keeps that socket open forever.
    static func shell(_ command: String) async throws -> Int32 {
        var pid: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (text: String) in strdup(text) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ)
        guard spawned == 0 else { throw ChaosFailure("cannot start /bin/sh: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { throw ChaosFailure("waitpid: \(String(cString: strerror(errno)))") }
            try await Task.sleep(for: .milliseconds(50))
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

/// A chaos run that could not be carried out (not a verdict on the pipeline).
struct ChaosFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
