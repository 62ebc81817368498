import Logging
@testable import Pipeline
import Postgres
import Synchronization
import Testing

/// A write that Postgres refuses for one item's data, as a unique violation or a bad byte would be.
private func refusing(_ items: [String]) throws {
    if items.contains("bad") { throw PostgresError(.server, sqlState: "22021", message: "invalid byte sequence") }
}

@Suite("Batch writers isolate the item at fault")
struct BatchIsolationTests {
    @Test("a group commit whose statement fails for one request's data fails that request only")
    func groupCommit() async throws {
        let commit = GroupCommit<String, String>(keys: { [$0] }) { requests in
            try refusing(requests)
            return requests.map { "stored \($0)" }
        }
        let results = await withTaskGroup(of: (String, Result<String, any Error>).self) { group in
            for request in ["a", "b", "bad", "c", "d"] {
                group.addTask { (request, await Result { try await commit.submit(request) }) }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for request in ["a", "b", "c", "d"] { #expect((try? results[request]?.get()) == "stored \(request)") }
        #expect((try? results["bad"]?.get()) == nil)
    }

    @Test("a batch writer sets aside the row Postgres refuses and writes the others; an outage keeps everything queued")
    func batchWriter() async throws {
        let written = Mutex<[String]>([])
        let rejected = Mutex<[String]>([])
        let outage = Mutex(true)
        let writer = BatchWriter<String>(name: "test", logger: Logger(label: "test")) { items in
            if outage.withLock({ $0 }) { throw PostgresError(.connectionLost, message: "server closed the connection") }
            try refusing(items)
            written.withLock { $0 += items }
        } reject: { item, _ in
            rejected.withLock { $0.append(item) }
        }
        for item in ["a", "bad", "b"] { writer.append(item) }
        await writer.flush(retrying: false)
        #expect(writer.pending == 3)
        outage.withLock { $0 = false }
        await writer.flush(retrying: false)
        #expect(writer.pending == 0)
        #expect(written.withLock { $0 }.sorted() == ["a", "b"])
        #expect(rejected.withLock { $0 } == ["bad"])
    }
}

private extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
