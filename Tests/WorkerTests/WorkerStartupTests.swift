import Foundation
import Testing
import TestSupport

@Suite("Worker process: startup while Postgres is not there yet",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct WorkerStartupTests {
    @Test("a worker started while Postgres is down says so, waits, and starts once the database is up and migrated")
    func waitsForPostgres() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            // A socket folder where no server listens yet; the server appears there later.
            let socketFolder = NSTemporaryDirectory() + "aics-later-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: socketFolder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: socketFolder) }
            let worker = try WorkerProcessLauncher.launch(fixture, group: "startup-group", databaseURL: "postgresql://aics@/aics?host=\(socketFolder)")
            defer { if worker.process.isRunning { worker.process.terminate() } }

            try await eventually("the worker says it waits for Postgres") { worker.log.contains("waiting for Postgres at") }
            try await Task.sleep(for: .seconds(2))
            #expect(worker.process.isRunning, "the worker exited instead of waiting: \(worker.log)")

            let cluster = try await PrivateCluster.start()
            do {
                let migrate = try await ChildRun.run(
                    executable: AICSBinary.path!, arguments: ["migrate"],
                    environment: ProcessInfo.processInfo.environment.merging(["AICS_DATABASE_URL": cluster.url]) { $1 })
                #expect(migrate.status == 0, "\(migrate.standardError)")
                try FileManager.default.createSymbolicLink(
                    atPath: socketFolder + "/.s.PGSQL.5432", withDestinationPath: cluster.directory + "/.s.PGSQL.5432")
                try await eventually("the worker starts", seconds: 60) { worker.log.contains("worker starting") }
                #expect(worker.log.contains("is ready"))
                #expect(worker.process.isRunning)
                worker.process.terminate()
                worker.process.waitUntilExit()
            } catch {
                await cluster.stop()
                throw error
            }
            await cluster.stop()
        }
    }
}
