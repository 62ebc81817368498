/// Where a consumer group may commit one partition, given offsets that finish in any order.
///
/// Offsets are tracked in the order they were consumed (increasing, possibly with gaps) and may
/// finish in any order. Kafka commits "the next offset to read", so the commit position is the
/// lowest unfinished offset, or one past the last tracked offset when everything is finished.
public struct PartitionProgress: Sendable {
    private var offsets: [Int64] = []
    private var done: [Bool] = []
    /// Index of the first entry still unfinished; entries before it are garbage awaiting compaction.
    private var head = 0
    private var lastTracked: Int64?
    private var lastReported: Int64?

    public init() {}

    /// Offsets tracked and not yet finished.
    public var unfinishedCount: Int { done[head...].lazy.filter { !$0 }.count }

    /// The offset the group may commit now, or nil before anything was tracked.
    public var commitPosition: Int64? {
        if head < offsets.count { return offsets[head] }
        return lastTracked.map { $0 + 1 }
    }

    /// Records a consumed offset. Offsets must increase; an offset at or below the last tracked
    /// one (a redelivery after a rewind) is ignored and returns false.
    @discardableResult
    public mutating func track(_ offset: Int64) -> Bool {
        if let lastTracked, offset <= lastTracked { return false }
        offsets.append(offset)
        done.append(false)
        lastTracked = offset
        // Before anything finished the position is the first offset: nothing new to commit.
        if lastReported == nil { lastReported = offset }
        return true
    }

    /// Marks an offset finished. Returns the new commit position when it moved forward since the
    /// last one this method returned, so the caller commits only when there is progress.
    public mutating func finish(_ offset: Int64) -> Int64? {
        guard let index = index(of: offset), !done[index] else { return nil }
        done[index] = true
        while head < offsets.count, done[head] { head += 1 }
        compactIfWorthIt()
        guard let position = commitPosition, position != lastReported else { return nil }
        lastReported = position
        return position
    }

    private func index(of offset: Int64) -> Int? {
        var low = head, high = offsets.count
        while low < high {
            let mid = (low + high) / 2
            if offsets[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low < offsets.count && offsets[low] == offset ? low : nil
    }

    /// Drops finished entries from the front once they are the larger half, keeping finish O(log n)
    /// amortized without unbounded growth.
    private mutating func compactIfWorthIt() {
        guard head > 64, head * 2 > offsets.count else { return }
        offsets.removeFirst(head)
        done.removeFirst(head)
        head = 0
    }
}
