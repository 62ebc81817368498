import Pipeline
import Testing

@Suite struct KeyedSchedulerTests {
    @Test func differentKeysRunAtOnce() {
        var scheduler = KeyedScheduler<Int>()
        let first = scheduler.submit(key: "a", partition: 0, job: 1)
        let second = scheduler.submit(key: "b", partition: 0, job: 2)
        #expect(first == 1 && second == 2)
        #expect(scheduler.running == 2)
        #expect(scheduler.waiting == 0)
    }

    @Test func oneKeyRunsOneJobAtATimeInOrder() {
        var scheduler = KeyedScheduler<Int>()
        let started = (1...3).map { scheduler.submit(key: "a", partition: 0, job: $0) }
        #expect(started == [1, nil, nil])
        #expect(scheduler.load == 3)
        let next = (1...3).map { _ in scheduler.finish(key: "a") }
        #expect(next == [2, 3, nil])
        #expect(scheduler.load == 0)
        // The key is idle again: the next job starts at once.
        let restarted = scheduler.submit(key: "a", partition: 0, job: 4)
        #expect(restarted == 4)
    }

    @Test func revokeDropsOnlyWaitingJobsOfThosePartitions() {
        var scheduler = KeyedScheduler<String>()
        for (key, partition) in [("a", Int32(0)), ("b", 1)] {
            _ = scheduler.submit(key: key, partition: partition, job: "\(key)1")
            _ = scheduler.submit(key: key, partition: partition, job: "\(key)2")
        }
        let dropped = scheduler.revoke(partitions: [0])
        #expect(dropped == ["a2"])
        #expect(scheduler.waiting == 1)
        let next = [scheduler.finish(key: "a"), scheduler.finish(key: "b"), scheduler.finish(key: "b")]
        #expect(next == [nil, "b2", nil])
        #expect(scheduler.load == 0)
    }

    @Test func randomInterleavingKeepsPerKeyOrder() {
        var scheduler = KeyedScheduler<(key: String, seq: Int)>()
        var runningJobs: [(key: String, seq: Int)] = []
        var completed: [String: [Int]] = [:]
        var nextSeq: [String: Int] = [:]
        let keys = (0..<20).map { "k\($0)" }
        for _ in 0..<2_000 {
            if Bool.random() || runningJobs.isEmpty {
                let key = keys.randomElement()!
                let seq = nextSeq[key, default: 0]
                nextSeq[key] = seq + 1
                if let job = scheduler.submit(key: key, partition: 0, job: (key, seq)) { runningJobs.append(job) }
            } else {
                let job = runningJobs.remove(at: Int.random(in: 0..<runningJobs.count))
                completed[job.key, default: []].append(job.seq)
                if let next = scheduler.finish(key: job.key) { runningJobs.append(next) }
            }
            #expect(Set(runningJobs.map(\.key)).count == runningJobs.count)
        }
        for (key, seqs) in completed { #expect(seqs == Array(0..<seqs.count), "key \(key)") }
    }

    @Test func beyondMaxRunningIdleKeysWaitInArrivalOrder() {
        var scheduler = KeyedScheduler<String>(maxRunning: 2)
        let started = ["a", "b", "c", "d"].map { scheduler.submit(key: $0, partition: 0, job: $0) }
        #expect(started == ["a", "b", nil, nil])
        #expect(scheduler.running == 2 && scheduler.waiting == 2)
        // A second job of a ready key waits behind it, not in front of others.
        #expect(scheduler.submit(key: "c", partition: 0, job: "c2") == nil)
        #expect(scheduler.finish(key: "a") == "c")
        #expect(scheduler.finish(key: "c") == "d")
        #expect(scheduler.finish(key: "b") == "c2")
        #expect(scheduler.finish(key: "d") == nil)
        #expect(scheduler.finish(key: "c") == nil)
        #expect(scheduler.load == 0)
    }

    @Test func revokeDropsReadyJobsAndHandsTheirKeyOn() {
        var scheduler = KeyedScheduler<String>(maxRunning: 1)
        _ = scheduler.submit(key: "x", partition: 1, job: "x1")
        _ = scheduler.submit(key: "a", partition: 0, job: "a1")  // ready
        _ = scheduler.submit(key: "a", partition: 1, job: "a2")  // behind a1, another partition
        _ = scheduler.submit(key: "b", partition: 0, job: "b1")  // ready
        let dropped = scheduler.revoke(partitions: [0])
        #expect(Set(dropped) == ["a1", "b1"])
        #expect(scheduler.running == 1 && scheduler.waiting == 1)
        #expect(scheduler.finish(key: "x") == "a2")
        #expect(scheduler.finish(key: "a") == nil)
        #expect(scheduler.load == 0)
    }

    @Test func randomInterleavingUnderACapKeepsOrderAndFinishesEverything() {
        var scheduler = KeyedScheduler<(key: String, seq: Int)>(maxRunning: 3)
        var runningJobs: [(key: String, seq: Int)] = []
        var completed: [String: [Int]] = [:]
        var nextSeq: [String: Int] = [:]
        let keys = (0..<20).map { "k\($0)" }
        var submitted = 0
        for step in 0..<4_000 {
            if (step < 3_000 && Bool.random()) || runningJobs.isEmpty {
                guard step < 3_000 else { break }
                let key = keys.randomElement()!
                let seq = nextSeq[key, default: 0]
                nextSeq[key] = seq + 1
                submitted += 1
                if let job = scheduler.submit(key: key, partition: 0, job: (key, seq)) { runningJobs.append(job) }
            } else {
                let job = runningJobs.remove(at: Int.random(in: 0..<runningJobs.count))
                completed[job.key, default: []].append(job.seq)
                if let next = scheduler.finish(key: job.key) { runningJobs.append(next) }
            }
            #expect(runningJobs.count <= 3 && runningJobs.count == scheduler.running)
            #expect(Set(runningJobs.map(\.key)).count == runningJobs.count)
        }
        while !runningJobs.isEmpty {
            let job = runningJobs.removeFirst()
            completed[job.key, default: []].append(job.seq)
            if let next = scheduler.finish(key: job.key) { runningJobs.append(next) }
        }
        #expect(scheduler.load == 0)
        #expect(completed.values.reduce(0) { $0 + $1.count } == submitted)
        for (key, seqs) in completed { #expect(seqs == Array(0..<seqs.count), "key \(key)") }
    }

    @Test("a parked job lends its slot; the jobs behind its key are counted apart until it goes on")
    func parking() {
        var scheduler = KeyedScheduler<String>(maxRunning: 1)
        #expect(scheduler.submit(key: "slow-bot", partition: 0, job: "a1") == "a1")
        #expect(scheduler.submit(key: "slow-bot", partition: 0, job: "a2") == nil)
        #expect(scheduler.submit(key: "other", partition: 0, job: "b1") == nil)
        // a1 waits for its bot: b1 takes the slot; a2 stays behind a1.
        #expect(scheduler.park(key: "slow-bot") == ["b1"])
        #expect(scheduler.running == 1 && scheduler.parked == 1)
        #expect(scheduler.waiting == 1 && scheduler.waitingBehindParked == 1)
        #expect(scheduler.submit(key: "slow-bot", partition: 0, job: "a3") == nil)
        #expect(scheduler.waitingBehindParked == 2)
        #expect(scheduler.finish(key: "other") == nil)
        scheduler.unpark(key: "slow-bot")
        #expect(scheduler.waitingBehindParked == 0 && scheduler.parked == 0)
        #expect(scheduler.finish(key: "slow-bot") == "a2")
        #expect(scheduler.finish(key: "slow-bot") == "a3")
        #expect(scheduler.finish(key: "slow-bot") == nil)
        #expect(scheduler.load == 0)
    }
}
