import Foundation
import Logging
import Testing

@testable import aics_bench

@Suite struct MachineCPUTests {
    @Test func machineTimesComeFromTheFirstLineOfProcStat() throws {
        let stat = "cpu  100 20 30 400 50 6 7 8 90 0\ncpu0 50 10 15 200 25 3 3 4 45 0\nintr 1 2 3\n"
        let times = try #require(MachineCPUTimes.parse(procStat: stat))
        let perSecond = Double(ProcessSample.clockTicksPerSecond)
        // user + nice + system + irq + softirq + steal; guest (90) is already inside user.
        #expect(times.busySeconds == 171 / perSecond)
        #expect(times.idleSeconds == 450 / perSecond)
        #expect(MachineCPUTimes.parse(procStat: "intr 1 2 3\n") == nil)
        #expect(MachineCPUTimes.read() != nil)
    }

    @Test func statFieldsNameTheParentTheCommandAndReapedChildren() {
        let stat = "4242 (postgres: aics aics [local] idle) S 31 4242 4242 0 -1 4194560 1000 0 0 0 150 25 40 5 20 0 12 0 100 0 0"
        #expect(ProcessSample.parentPID(stat: stat) == 31)
        #expect(ProcessSample.command(stat: stat) == "postgres: aics aics [local] idle")
        #expect(ProcessSample.cpuTicks(stat: stat) == 175)
        #expect(ProcessSample.cpuTicks(stat: stat, includingReapedChildren: true) == 220)
        #expect(ProcessSample.allPIDs().contains(getpid()))
    }

    @Test func theShareSplitsTheMachineAndOtherTakesTheRest() throws {
        let share = try #require(CPUShare.split(workers: 0.5, bench: 0.25, postgres: 0.75, machineBusy: 1.75, machineIdle: 0.25))
        #expect(share == CPUShare(workers: 0.25, bench: 0.125, postgres: 0.375, other: 0.125, idle: 0.125))
        #expect(share.percentages == "25/13/38/13/13")
        let remote = try #require(CPUShare.split(workers: 1, bench: 0.5, postgres: nil, machineBusy: 1, machineIdle: 1))
        // Readings a tick apart must not make other negative.
        #expect(remote.other == 0 && remote.postgres == nil)
        #expect(remote.percentages == "50/25/n/a/0/50")
        #expect(CPUShare.split(workers: 0, bench: 0, postgres: nil, machineBusy: 0, machineIdle: 0) == nil)
        let json = String(decoding: try JSONEncoder().encode(remote), as: UTF8.self)
        #expect(json.contains(#""postgres":null"#))
        #expect(try JSONDecoder().decode(CPUShare.self, from: Data(json.utf8)) == remote)
    }

    @Test func thisProcessIsNotAPostgresServer() {
        #expect(PostgresServerProcesses.locate(backendPID: getpid()) == nil)
        #expect(PostgresServerProcesses.locate(backendPID: Int32.max) == nil)
    }

    @Test func theSamplerSplitsTheMachineBetweenTwoSamples() throws {
        let sampler = ProcessSampler(pids: [getpid()])
        sampler.sample(at: 0)
        // Burn CPU until this process has used some (ticks are coarse; the machine may be busy).
        let before = try #require(ProcessSample.read(pid: getpid())).cpuSeconds
        let giveUp = ContinuousClock.now + .seconds(30)
        var sum = 0.0
        while (ProcessSample.read(pid: getpid())?.cpuSeconds ?? before) - before < 0.05, ContinuousClock.now < giveUp {
            for index in 0..<100_000 { sum += Double(index).squareRoot() }
        }
        sampler.sample(at: 1)
        let share = try #require(sampler.cpuShare(from: 0, to: 1))
        #expect(sum > 0)
        #expect(share.postgres == nil)
        // The worker here is this very process, so it is counted twice; every share stays in 0...1.
        for value in [share.workers, share.bench, share.other, share.idle] { #expect((0...1).contains(value)) }
        #expect(share.workers > 0 && share.bench > 0)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"].map { !$0.isEmpty } ?? false,
                   "needs AICS_TEST_DATABASE_URL (a Postgres on this machine)"))
    func theLocalPostgresServerIsFoundThroughABackend() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"])
        let database = BenchDatabase(url: url, secretKey: "bench-tests-secret-key-0000000000", logger: Logger(label: "bench-tests"))
        defer { database.pool.shutdown() }
        let server = try #require(await database.serverProcesses())
        let stat = try #require(ProcessSample.readProcFile("/proc/\(server.postmasterPID)/stat"))
        #expect(ProcessSample.command(stat: stat) == "postgres")
        let seconds = try #require(server.cpuSeconds())
        #expect(seconds > 0)
    }
}
