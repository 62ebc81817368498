/// The scenarios of one invocation, sized by the flags, --quick or --smoke.
extension BenchPipelineCommand {
    enum Size { case full, quick, smoke }

    var size: Size { smoke ? .smoke : quick ? .quick : .full }

    func pick(_ flag: Int?, full: Int, quick: Int, smoke: Int) -> Int {
        flag ?? { switch size { case .full: full; case .quick: quick; case .smoke: smoke } }()
    }

    func plannedSpecs() -> [ScenarioSpec] {
        let partitions = pick(partitions, full: 12, quick: 12, smoke: 4)
        let delay = Duration.milliseconds(pick(providerDelayMs, full: 1000, quick: 1000, smoke: 200))
        let window = pick(maxInFlight, full: 4000, quick: 4000, smoke: 100)
        let delaySeconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        let rate = offeredRate ?? Double(window) / delaySeconds
        // Enough conversations that a conversation's next message comes after its previous answer:
        // about three times what the offered load puts in flight.
        let slowConversations = max(Int(rate * delaySeconds * 3), 1)
        let scaleWindow = pick(scaleMaxInFlight, full: 250, quick: 250, smoke: 50)
        let scaleMessages = pick(scaleMessages, full: 4000, quick: 2000, smoke: 300)
        let instantMessages = pick(instantMessages, full: 20_000, quick: 8_000, smoke: 300)
        let selected = Set(selectedScenarios)
        var specs: [ScenarioSpec] = []
        if selected.contains("instant") {
            specs.append(ScenarioSpec(
                key: "instant", title: "instant provider, one worker, all messages at once",
                workers: 1, maxInFlight: window, providerDelay: .zero, messages: instantMessages,
                conversations: max(1, min(4000, instantMessages / 10)), offeredRate: nil, partitions: partitions))
        }
        if selected.contains("slow") {
            specs.append(ScenarioSpec(
                key: "slow", title: "provider \(delay), one worker, offered max-in-flight / delay",
                workers: 1, maxInFlight: window, providerDelay: delay,
                messages: pick(slowMessages, full: 24_000, quick: 8_000, smoke: 300),
                conversations: slowConversations, offeredRate: rate, partitions: partitions))
        }
        if selected.contains("baseline") {
            specs.append(ScenarioSpec(
                key: "baseline", title: "as slow with one message in flight per partition (worker --serial-partitions)",
                workers: 1, maxInFlight: window, providerDelay: delay,
                messages: pick(baselineMessages, full: 360, quick: 120, smoke: 40),
                conversations: slowConversations, offeredRate: rate, partitions: partitions, serialPartitions: true))
        }
        if selected.contains("scale") {
            for workers in Set([1, scaleWorkers]).sorted() {
                specs.append(ScenarioSpec(
                    key: "scale-\(workers)", title: "provider \(delay) as the bottleneck, \(workers) worker(s) in one group",
                    workers: workers, maxInFlight: scaleWindow, providerDelay: delay, messages: scaleMessages,
                    conversations: max(1, scaleMessages / 2), offeredRate: nil, partitions: partitions))
            }
        }
        return specs
    }
}
