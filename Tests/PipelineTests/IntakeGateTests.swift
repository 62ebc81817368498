import Pipeline
import Testing

@Suite struct IntakeGateTests {
    /// Feeds loads in order and checks the action after each.
    private func check(_ gate: inout IntakeGate, _ steps: [(load: Int, action: IntakeGate.Action?)]) {
        for step in steps {
            let action = gate.update(load: step.load)
            #expect(action == step.action, "load \(step.load)")
        }
    }

    @Test func pausesAtTheLimitAndResumesBelowTheLowMark() {
        var gate = IntakeGate(limit: 100, resumeFraction: 0.75)
        check(&gate, [(99, nil), (100, .pause), (120, nil), (76, nil), (75, .resume), (75, nil)])
        #expect(!gate.isPaused)
    }

    @Test func aLimitOfOneStillResumes() {
        var gate = IntakeGate(limit: 1)
        check(&gate, [(1, .pause), (0, .resume)])
    }
}
