import FuzzTargets
import Testing

/// Every committed fuzz input (seeds and findings) holds every target's invariants in the normal
/// build, without libFuzzer: the corpora are regression tests.
@Suite struct CorpusReplayTests {
    @Test(arguments: FuzzTarget.allCases)
    func committedInputsHoldTheInvariants(_ target: FuzzTarget) throws {
        let inputs = FuzzCorpus.inputs(of: target)
        #expect(inputs.count >= 5, "Tests/Fuzz/Corpus/\(target.rawValue) should hold seeds")
        for input in inputs {
            do {
                try target.check(input.bytes)
            } catch {
                Issue.record("\(input.path): \(error)")
            }
        }
    }

    /// Each target also takes every other target's inputs: more shapes for free.
    @Test(arguments: FuzzTarget.allCases)
    func otherTargetsInputsHoldTheInvariants(_ target: FuzzTarget) throws {
        for other in FuzzTarget.allCases where other != target {
            for input in FuzzCorpus.inputs(of: other) {
                do {
                    try target.check(input.bytes)
                } catch {
                    Issue.record("\(input.path) through \(target.rawValue): \(error)")
                }
            }
        }
    }
}
