import ArgumentParser
import CommandSupport
import Foundation
import Fakes
import HTTP

/// `aics bench http`: requests per second through `HTTPClient` against a local Hummingbird
/// server, at several concurrency levels, and the CPU time each request cost.
///
/// The server runs in the same process, so the CPU columns split the process's time by thread:
/// the client's curl thread, the server's NIO threads, and the rest (mostly the Swift tasks that
/// issue requests and await their responses).
struct BenchHTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Print HTTP requests/s against a local server for each concurrency level."
    )

    @Option(help: "Requests per concurrency level.")
    var requests = 20_000

    @Option(help: "Comma-separated concurrency levels (requests in flight at once).")
    var concurrency = "1,50,500"

    @Option(help: "Server path to request: /hello (5-byte body) or e.g. /bytes?count=65536.")
    var path = "/hello"

    @Option(help: "Comma-separated concurrency levels against an endpoint that answers after --slow-delay-ms (empty: none). Shows the cost of many open, idle connections.")
    var slowConcurrency = "4000"

    @Option(help: "Requests per slow level.")
    var slowRequests = 12_000

    @Option(help: "How long the slow endpoint waits before it answers, in milliseconds.")
    var slowDelayMs = 1000

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap()
        let levels = try Self.levels(concurrency)
        let slowLevels = try Self.levels(slowConcurrency)
        let peer = try await HTTPTestPeer.start()
        let client = try HTTPClient()
        defer { client.shutdown() }
        do {
            _ = try await Self.measure(client: client, url: peer.baseURL + "/hello", requests: min(requests, 1000), concurrency: 50)  // warm-up
            print("HTTP GET against \(peer.baseURL); CPU µs per request: whole process, curl thread, server (NIO) threads, rest")
            print("path                 concurrency  requests  seconds  requests/s  cpu/req  curl/req  server/req  rest/req")
            for level in levels {
                try await Self.report(client: client, url: peer.baseURL + path, label: path, requests: requests, concurrency: level)
            }
            let slowPath = "/sleep?ms=\(slowDelayMs)"
            for level in slowLevels {
                try await Self.report(client: client, url: peer.baseURL + slowPath, label: slowPath, requests: slowRequests, concurrency: level)
            }
        } catch {
            await peer.stop()
            throw error
        }
        await peer.stop()
    }

    private static func levels(_ text: String) throws -> [Int] {
        try text.split(separator: ",").map { part in
            guard let level = Int(part.trimmingCharacters(in: .whitespaces)), level > 0 else {
                throw ValidationError("bad concurrency level '\(part)'")
            }
            return level
        }
    }

    private static func report(client: HTTPClient, url: String, label: String, requests: Int, concurrency: Int) async throws {
        let before = ThreadCPU.sample()
        let seconds = try await measure(client: client, url: url, requests: requests, concurrency: concurrency)
        let used = ThreadCPU.sample() - before
        func perRequest(_ nanoseconds: UInt64) -> String {
            String(format: "%.1f", Double(nanoseconds) / 1000 / Double(requests))
        }
        print(
            pad(label, -20), pad("\(concurrency)", 11), pad("\(requests)", 9),
            pad(String(format: "%.3f", seconds), 8), pad(String(format: "%.0f", Double(requests) / seconds), 11),
            pad(perRequest(used.total), 8), pad(perRequest(used.curl), 9), pad(perRequest(used.server), 11),
            pad(perRequest(used.total - min(used.total, used.curl + used.server)), 9)
        )
    }

    /// Seconds for `requests` GETs with `concurrency` workers; fails on any non-200.
    private static func measure(client: HTTPClient, url: String, requests: Int, concurrency: Int) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                let share = requests / concurrency + (worker < requests % concurrency ? 1 : 0)
                group.addTask {
                    for _ in 0..<share {
                        let response = try await client.execute(HTTPRequest(url: url))
                        guard response.status == 200 else { throw ValidationError("status \(response.status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (clock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}

/// CPU time of the whole process (getrusage, which includes threads that ended) and of the
/// curl and NIO threads (Linux's /proc/self/task/*/schedstat, nanoseconds on CPU, by thread name).
private struct ThreadCPU {
    var total: UInt64 = 0
    var curl: UInt64 = 0
    var server: UInt64 = 0

    static func sample() -> ThreadCPU {
        var cpu = ThreadCPU()
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        for time in [usage.ru_utime, usage.ru_stime] {
            cpu.total += UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_usec) * 1000
        }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for task in tasks {
            guard let stat = readSmallFile("/proc/self/task/\(task)/schedstat"),
                let first = stat.split(separator: " ").first, let nanoseconds = UInt64(first)
            else { continue }
            let name = readSmallFile("/proc/self/task/\(task)/comm") ?? ""
            if name.hasPrefix("aics.http.curl") { cpu.curl += nanoseconds }
            if name.hasPrefix("NIO-") { cpu.server += nanoseconds }
        }
        return cpu
    }

    /// Foundation reads a file by its size, which procfs reports as 0; read(2) until the end.
    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(fd, &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    static func - (lhs: ThreadCPU, rhs: ThreadCPU) -> ThreadCPU {
        func difference(_ a: UInt64, _ b: UInt64) -> UInt64 { a > b ? a - b : 0 }
        return ThreadCPU(
            total: difference(lhs.total, rhs.total),
            curl: difference(lhs.curl, rhs.curl),
            server: difference(lhs.server, rhs.server)
        )
    }
}

/// Right-aligned to `width`, or left-aligned to `-width`.
private func pad(_ text: String, _ width: Int) -> String {
    let fill = String(repeating: " ", count: max(0, abs(width) - text.count))
    return width < 0 ? text + fill : fill + text
}
