/// What the ledger (`inbound_messages`) holds for one message of the run.
struct LedgerEntry: Sendable, Equatable {
    /// suggestion, reply, handoff, skip, dead_letter, failed; nil while the message is unfinished.
    var outcome: String?
    var outputID: String?
    var reason: String?
}

/// The verdict on a run: every planned message against every output seen and the ledger. Pure:
/// the same inputs give the same verdict, so the rules are tested without Kafka or Postgres.
///
/// Each message must end in exactly one final outcome:
/// - a suggestion or reply (answer, fallback, handoff, failed suggestion) seen on its topic whose
///   id is the one the ledger stored, or
/// - a ledger outcome without an output (skip; failed after the attempt budget), or
/// - a dead letter: malformed records have no ledger row; a dead-lettered message with a row has
///   outcome dead_letter or failed.
/// Lost: none of these (no ledger outcome and no dead letter, or an output stored in the ledger
/// that never reached its topic). Conflicting: two different output ids for one message, one
/// output id with two different payloads, an output whose id is not the ledger's, or an output
/// besides a skip or dead letter. Order: within one output topic, a conversation's first outputs
/// must follow the order the customer wrote (Kafka keeps a key's records in one partition, so
/// offset order is what the chat platform reads). Re-sends: the same output again, identical.
struct ChaosChecker {
    let plan: ChaosPlan

    struct Verdict: Sendable, Codable, Equatable {
        var messages = 0
        /// answer, fallback, handoff, suggestion, failed, skip, dead_letter.
        var outcomes: [String: Int] = [:]
        var lost = 0
        var conflicting = 0
        var orderViolations = 0
        /// Outputs sent again with the same id and payload.
        var resends = 0
        /// Distinct outputs (suggestions, replies and dead letters) seen.
        var distinctOutputs = 0
        /// resends / distinctOutputs.
        var resendShare: Double { distinctOutputs > 0 ? Double(resends) / Double(distinctOutputs) : 0 }
        /// Outputs answering no message of this run (warm-up messages aside), or unreadable records.
        var foreign = 0
        /// Up to 20 readable examples per problem: which message, what was seen.
        var lostExamples: [String] = []
        var conflictExamples: [String] = []
        var orderExamples: [String] = []

        var passed: Bool { lost == 0 && conflicting == 0 && orderViolations == 0 }

        enum CodingKeys: String, CodingKey {
            case messages, outcomes, lost, conflicting, orderViolations, resends, distinctOutputs, foreign
            case lostExamples, conflictExamples, orderExamples
        }
    }

    /// `outputs` in any order; `ledger` by message id; `unreadable`: records that could not be decoded.
    func verdict(outputs: [ObservedOutput], ledger: [String: LedgerEntry], unreadable: Int = 0) -> Verdict {
        var verdict = Verdict()
        verdict.messages = plan.messages
        verdict.foreign = unreadable
        // The same record read twice (by the collector) counts once.
        var seenRecords = Set<RecordKey>()
        let sorted = outputs.sorted { ($0.topic, $0.partition, $0.offset) < ($1.topic, $1.partition, $1.offset) }
        var perMessage = [[ObservedOutput]](repeating: [], count: plan.messages)
        var payloadByID: [String: String] = [:]
        var conflicted = Set<Int>()
        var lastSequence: [ConversationKey: (sequence: Int, messageID: String)] = [:]
        var firstSeen = Set<OutputKey>()

        for output in sorted where seenRecords.insert(RecordKey(topic: output.topic, partition: output.partition, offset: output.offset)).inserted {
            let indices = output.messageIDs.compactMap(plan.index(of:))
            if indices.isEmpty && output.messageIDs.contains(where: plan.isWarmUp) { continue }
            if indices.isEmpty {
                verdict.foreign += 1
                continue
            }
            for index in indices {
                let key = OutputKey(index: index, outputID: output.outputID, payload: output.payload)
                if !firstSeen.insert(key).inserted {
                    verdict.resends += 1
                    continue
                }
                perMessage[index].append(output)
                guard output.kind != "dead_letter" else { continue }
                // Reply and suggestion ids are global: one id, one payload.
                if let earlier = payloadByID[output.outputID], earlier != output.payload {
                    flag(&verdict, &conflicted, index, "\(plan.messageID(index)): output \(output.outputID) seen with two different payloads")
                }
                payloadByID[output.outputID] = output.payload
                let conversation = ConversationKey(topic: output.topic, conversation: plan.conversation(of: index))
                let sequence = plan.sequence(of: index)
                if let last = lastSequence[conversation], last.sequence >= sequence {
                    verdict.orderViolations += 1
                    if verdict.orderExamples.count < 20 {
                        verdict.orderExamples.append("\(plan.conversationID(conversation.conversation)) on \(output.topic): \(plan.messageID(index)) (#\(sequence)) at offset \(output.partition)@\(output.offset) after \(last.messageID) (#\(last.sequence))")
                    }
                } else {
                    lastSequence[conversation] = (sequence, plan.messageID(index))
                }
            }
        }
        verdict.distinctOutputs = firstSeen.count

        for index in 0..<plan.messages {
            let outcome = finalOutcome(index, outputs: perMessage[index], ledger: ledger[plan.messageID(index)])
            switch outcome {
            case .outcome(let kind):
                verdict.outcomes[kind, default: 0] += 1
            case .lost(let why):
                verdict.lost += 1
                if verdict.lostExamples.count < 20 { verdict.lostExamples.append("\(plan.messageID(index)): \(why)") }
            case .conflicting(let why):
                flag(&verdict, &conflicted, index, "\(plan.messageID(index)): \(why)")
            }
        }
        return verdict
    }

    private enum Final {
        case outcome(String)
        case lost(String)
        case conflicting(String)
    }

    private func finalOutcome(_ index: Int, outputs: [ObservedOutput], ledger: LedgerEntry?) -> Final {
        let deadLetters = outputs.filter { $0.kind == "dead_letter" }
        let answers = outputs.filter { $0.kind != "dead_letter" }
        if Set(answers.map(\.outputID)).count > 1 {
            return .conflicting("two different outputs: \(Set(answers.map(\.outputID)).sorted().joined(separator: ", "))")
        }
        if Set(deadLetters.map(\.payload)).count > 1 {
            return .conflicting("dead-lettered for different reasons: \(Set(deadLetters.map(\.payload)).sorted().joined(separator: " | "))")
        }
        if let answer = answers.first {
            if !deadLetters.isEmpty { return .conflicting("output \(answer.outputID) and a dead letter (\(deadLetters[0].payload))") }
            guard let ledger, let outcome = ledger.outcome else { return .conflicting("output \(answer.outputID) published without a ledger outcome") }
            guard ledger.outputID == answer.outputID else {
                return .conflicting("output \(answer.outputID) published, ledger \(outcome) with output \(ledger.outputID ?? "none")")
            }
            return .outcome(answer.kind)
        }
        if let deadLetter = deadLetters.first {
            guard let ledger else {
                return plan.isMalformed(index) ? .outcome("dead_letter") : .conflicting("dead-lettered without a ledger row: \(deadLetter.payload)")
            }
            switch ledger.outcome {
            case "dead_letter": return .outcome("dead_letter")
            case "failed": return .outcome("failed")
            case nil: return .lost("dead-lettered (\(deadLetter.payload)) but the ledger has no outcome")
            case let other?: return .conflicting("dead-lettered (\(deadLetter.payload)) but the ledger says \(other)")
            }
        }
        if plan.isMalformed(index) { return .lost("malformed record: no dead letter seen") }
        guard let ledger else { return .lost("no output, no dead letter, no ledger row") }
        switch (ledger.outcome, ledger.outputID) {
        case (nil, _): return .lost("ledger row without an outcome, no output seen")
        case ("skip"?, _): return .outcome("skip")
        case ("failed"?, nil): return .outcome("failed")
        case ("dead_letter"?, _): return .lost("ledger outcome dead_letter, no dead letter seen")
        case (let outcome?, let outputID?): return .lost("ledger \(outcome) with output \(outputID), never seen on its topic")
        case (let outcome?, nil): return .lost("ledger \(outcome) without an output id, no output seen")
        }
    }

    private func flag(_ verdict: inout Verdict, _ conflicted: inout Set<Int>, _ index: Int, _ why: String) {
        guard conflicted.insert(index).inserted else { return }
        verdict.conflicting += 1
        if verdict.conflictExamples.count < 20 { verdict.conflictExamples.append(why) }
    }

    private struct RecordKey: Hashable { var topic: String; var partition: Int32; var offset: Int64 }
    private struct OutputKey: Hashable { var index: Int; var outputID: String; var payload: String }
    private struct ConversationKey: Hashable { var topic: String; var conversation: Int }
}
