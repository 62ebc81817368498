import Testing

@testable import aics_bench

/// The chaos run's verdict rules on plain values: lost, conflicting, order, re-sends, outcomes.
@Suite struct ChaosCheckerTests {
    // Two conversations of three messages: message i is conversation i % 2, position i / 2.
    let plan: ChaosPlan = {
        var plan = ChaosPlan(tag: "t", messages: 6, perConversation: 3, activeConversations: 2)
        plan.malformedEvery = 0
        return plan
    }()

    private func output(_ index: Int, id: String? = nil, kind: String = "answer", topic: String = "cs.replies",
                        offset: Int64, payload: String? = nil) -> ObservedOutput {
        ObservedOutput(topic: topic, partition: Int32(plan.conversation(of: index)), offset: offset, arrival: Double(offset),
                       messageIDs: [plan.messageID(index)], outputID: id ?? "r-\(index)", kind: kind,
                       payload: payload ?? "{\"reply_id\":\"\(id ?? "r-\(index)")\"}")
    }

    private func ledger(_ indices: Range<Int>, outcome: String = "reply") -> [String: LedgerEntry] {
        Dictionary(uniqueKeysWithValues: indices.map { (plan.messageID($0), LedgerEntry(outcome: outcome, outputID: "r-\($0)")) })
    }

    /// Every message answered once, in order: each conversation's outputs at increasing offsets.
    private var clean: [ObservedOutput] { (0..<6).map { output($0, offset: Int64(plan.sequence(of: $0))) } }

    @Test func planInterleavesConversations() {
        #expect((0..<6).map(plan.conversation(of:)) == [0, 1, 0, 1, 0, 1])
        #expect((0..<6).map(plan.sequence(of:)) == [0, 0, 1, 1, 2, 2])
        #expect(plan.conversation(of: 6) == 2 && plan.sequence(of: 6) == 0)
        #expect(plan.index(of: "t-m-5") == 5 && plan.index(of: "t-m-6") == nil && plan.index(of: "u-m-1") == nil)
    }

    @Test func everyMessageOnceInOrderPasses() {
        let verdict = ChaosChecker(plan: plan).verdict(outputs: clean, ledger: ledger(0..<6))
        #expect(verdict.passed)
        #expect(verdict.outcomes == ["answer": 6])
        #expect(verdict.resends == 0 && verdict.distinctOutputs == 6)
    }

    @Test func aMessageWithoutOutcomeIsLost() {
        var entries = ledger(0..<6)
        entries[plan.messageID(3)] = LedgerEntry(outcome: nil, outputID: nil)
        let outputs = clean.filter { $0.messageIDs != [plan.messageID(3)] }
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: entries)
        #expect(verdict.lost == 1 && !verdict.passed)
        #expect(verdict.lostExamples.first?.hasPrefix("t-m-3:") == true)
        // No ledger row at all: lost too.
        entries[plan.messageID(3)] = nil
        #expect(ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: entries).lost == 1)
    }

    @Test func anOutputStoredButNeverPublishedIsLost() {
        let outputs = clean.filter { $0.messageIDs != [plan.messageID(2)] }
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: ledger(0..<6))
        #expect(verdict.lost == 1)
        #expect(verdict.lostExamples == ["t-m-2: ledger reply with output r-2, never seen on its topic"])
    }

    @Test func recordedOutcomesWithoutOutputAreNotLost() {
        var entries = ledger(0..<6)
        entries[plan.messageID(1)] = LedgerEntry(outcome: "skip", outputID: nil, reason: "mode_off")
        entries[plan.messageID(3)] = LedgerEntry(outcome: "failed", outputID: nil, reason: "attempts_exhausted: boom")
        let outputs = clean.filter { ![plan.messageID(1), plan.messageID(3)].contains($0.messageIDs[0]) }
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: entries)
        #expect(verdict.passed)
        #expect(verdict.outcomes == ["answer": 4, "skip": 1, "failed": 1])
    }

    @Test func twoDifferentOutputsForOneMessageConflict() {
        let outputs = clean + [output(4, id: "r-4b", offset: 10)]
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: ledger(0..<6))
        #expect(verdict.conflicting == 1 && !verdict.passed)
        #expect(verdict.conflictExamples.first?.contains("r-4, r-4b") == true)
    }

    @Test func oneOutputIDWithTwoPayloadsConflicts() {
        let outputs = clean + [output(4, offset: 10, payload: "{\"reply_id\":\"r-4\",\"text\":\"other\"}")]
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: ledger(0..<6))
        #expect(verdict.conflicting == 1)
        #expect(verdict.conflictExamples.first?.contains("two different payloads") == true)
    }

    @Test func anOutputThatIsNotTheLedgersConflicts() {
        var entries = ledger(0..<6)
        entries[plan.messageID(0)] = LedgerEntry(outcome: "reply", outputID: "r-other")
        #expect(ChaosChecker(plan: plan).verdict(outputs: clean, ledger: entries).conflicting == 1)
        entries[plan.messageID(0)] = LedgerEntry(outcome: "skip", outputID: nil)
        #expect(ChaosChecker(plan: plan).verdict(outputs: clean, ledger: entries).conflicting == 1)
    }

    @Test func theSameOutputAgainIsAResendNotAConflict() {
        // Worker A published 0 and 2 and died; B re-sent both, then 4 (conversation 0, partition 0).
        let outputs = [output(0, offset: 0), output(2, offset: 1), output(0, offset: 2), output(2, offset: 3), output(4, offset: 4)]
            + [1, 3, 5].map { output($0, offset: Int64(plan.sequence(of: $0))) }
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: ledger(0..<6))
        #expect(verdict.passed)
        #expect(verdict.resends == 2 && verdict.distinctOutputs == 6)
        #expect(abs(verdict.resendShare - 2.0 / 6.0) < 1e-9)
    }

    @Test func theSameRecordReadTwiceCountsOnce() {
        let verdict = ChaosChecker(plan: plan).verdict(outputs: clean + [clean[0]], ledger: ledger(0..<6))
        #expect(verdict.passed && verdict.resends == 0)
    }

    @Test func anEarlierMessageAfterALaterOneIsAnOrderViolation() {
        // Conversation 0 (messages 0, 2, 4): 2 comes out before 0.
        let outputs = [output(2, offset: 0), output(0, offset: 1), output(4, offset: 2)]
            + [1, 3, 5].map { output($0, offset: Int64(plan.sequence(of: $0))) }
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: ledger(0..<6))
        #expect(verdict.orderViolations == 1 && !verdict.passed)
        #expect(verdict.orderExamples.first?.contains("t-m-0 (#0)") == true)
        #expect(verdict.orderExamples.first?.contains("after t-m-2 (#1)") == true)
    }

    @Test func orderIsPerTopic() {
        // A handoff on cs.replies and the conversation's suggestions on cs.suggestions are separate streams.
        var entries = ledger(0..<6)
        entries[plan.messageID(2)] = LedgerEntry(outcome: "suggestion", outputID: "s-2")
        let outputs = clean.filter { $0.messageIDs != [plan.messageID(2)] }
            + [output(2, id: "s-2", kind: "suggestion", topic: "cs.suggestions", offset: 0)]
        #expect(ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: entries).passed)
    }

    @Test func malformedRecordsEndAsDeadLetters() {
        var plan = self.plan
        plan.malformedEvery = 3 // messages 2 and 5
        let deadLetter = ObservedOutput(topic: "cs.dead-letter", partition: 0, offset: 0, arrival: 0, messageIDs: [plan.messageID(2)],
                                        outputID: "dead-letter", kind: "dead_letter", payload: "schema: content is required")
        let outputs = clean.filter { ![plan.messageID(2), plan.messageID(5)].contains($0.messageIDs[0]) } + [deadLetter, deadLetter.with(offset: 1)]
        var entries = ledger(0..<6)
        entries[plan.messageID(2)] = nil
        entries[plan.messageID(5)] = nil
        let verdict = ChaosChecker(plan: plan).verdict(outputs: outputs, ledger: entries)
        #expect(verdict.outcomes["dead_letter"] == 1)
        #expect(verdict.resends == 1)
        // Message 5 never got its dead letter.
        #expect(verdict.lost == 1 && verdict.lostExamples == ["t-m-5: malformed record: no dead letter seen"])
    }

    @Test func outputsOfOtherRunsAreForeign() {
        var stranger = output(0, offset: 9)
        stranger.messageIDs = ["other-m-0"]
        let verdict = ChaosChecker(plan: plan).verdict(outputs: clean + [stranger], ledger: ledger(0..<6), unreadable: 1)
        #expect(verdict.passed && verdict.foreign == 2)
    }
}

extension ObservedOutput {
    fileprivate func with(offset: Int64) -> ObservedOutput {
        var copy = self
        copy.offset = offset
        return copy
    }
}

/// Recovery times and partition silences on plain numbers.
@Suite struct RecoveryTimesTests {
    /// 10 messages a second for 20 s, each answered 0.1 s later, except that nothing is
    /// answered between 8 and 12 s (all waiting ones come out at 12 s).
    private func stalled() -> RecoveryTimes {
        let produced = (0..<200).map { Double($0) / 10 }
        let answered = produced.map { time -> Double in
            let normal = time + 0.1
            return (8..<12).contains(normal) ? 12 : normal
        }
        return RecoveryTimes(produced: produced, answered: answered.sorted(), partitionArrivals: [answered.sorted()], rate: 10)
    }

    @Test func aStallIsMeasuredUntilTheBacklogIsNormalAgain() {
        let times = stalled()
        #expect(times.normalBacklog <= 2)
        let recovery = times.recovery(after: 8)
        #expect(abs((recovery.recoverySeconds ?? -1) - 4) < 0.15)
        #expect(recovery.peakBacklog >= 39)
        #expect(abs(recovery.longestStallSeconds - 4) < 0.15)
    }

    @Test func aFaultWithoutEffectRecoversAtOnce() {
        let recovery = stalled().recovery(after: 14)
        #expect(recovery.recoverySeconds == 0)
        #expect(recovery.longestStallSeconds < 0.2)
    }

    @Test func aBacklogThatNeverClearsHasNoRecovery() {
        let produced = (0..<100).map { Double($0) / 10 }
        let answered = produced.filter { $0 < 5 }.map { $0 + 0.1 }
        let times = RecoveryTimes(produced: produced, answered: answered, partitionArrivals: [answered], rate: 10)
        #expect(times.recovery(after: 5).recoverySeconds == nil)
    }

    @Test func scheduleSpreadsFaultsBetweenKills() {
        let schedule = FaultSchedule.make(faults: [.kill, .brokerDown, .postgresRestart], loadSeconds: 30, killEvery: 6, rounds: 1)
        #expect(schedule.filter { $0.fault == .kill }.map(\.at) == [6, 12, 18, 24])
        #expect(schedule.filter { $0.fault != .kill }.map(\.at) == [13, 23])
        #expect(schedule.map(\.at) == schedule.map(\.at).sorted())
    }
}
