import Pipeline
import Testing

@Suite struct PartitionProgressTests {
    private func tracking(_ offsets: [Int64]) -> PartitionProgress {
        var progress = PartitionProgress()
        for offset in offsets { progress.track(offset) }
        return progress
    }

    /// Finishes offsets in order and checks the commit position reported after each.
    private func check(_ progress: inout PartitionProgress, _ steps: [(finish: Int64, reports: Int64?)]) {
        for step in steps {
            let reported = progress.finish(step.finish)
            #expect(reported == step.reports, "finishing \(step.finish)")
        }
    }

    @Test func nothingTrackedHasNoPosition() {
        #expect(PartitionProgress().commitPosition == nil)
    }

    @Test func commitsOnlyBelowTheLowestUnfinishedOffset() {
        var progress = tracking(Array(10...14))
        #expect(progress.commitPosition == 10)
        check(&progress, [(12, nil), (11, nil), (10, 13), (14, nil), (13, 15)])
        #expect(progress.unfinishedCount == 0)
    }

    @Test func gapsInOffsetsAreFine() {
        var progress = tracking([3, 7, 20])
        check(&progress, [(7, nil), (3, 20), (20, 21)])
    }

    @Test func ignoresRedeliveredAndUnknownOffsets() {
        var progress = PartitionProgress()
        let first = progress.track(5)
        let again = progress.track(5)
        let older = progress.track(4)
        #expect(first && !again && !older)
        check(&progress, [(99, nil), (5, 6), (5, nil)])
    }

    @Test func randomFinishOrderAlwaysCommitsTheContiguousPrefix() {
        let count: Int64 = 5_000
        var progress = tracking(Array(0..<count))
        var finished = Set<Int64>()
        var lastPosition: Int64 = 0
        for offset in (0..<count).shuffled() {
            finished.insert(offset)
            if let position = progress.finish(offset) {
                #expect(position > lastPosition)
                lastPosition = position
            }
            var expected: Int64 = 0
            while finished.contains(expected) { expected += 1 }
            #expect(progress.commitPosition == expected)
        }
        #expect(lastPosition == count)
    }
}
