import ArgumentParser
import Foundation
import Fakes
import HTTP

/// `aics bench http`: requests per second through `HTTPClient` against a local Hummingbird
/// server, at several concurrency levels.
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

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap()
        let levels = try concurrency.split(separator: ",").map { text in
            guard let level = Int(text.trimmingCharacters(in: .whitespaces)), level > 0 else {
                throw ValidationError("bad concurrency level '\(text)'")
            }
            return level
        }
        let peer = try await HTTPTestPeer.start()
        let client = try HTTPClient()
        defer { client.shutdown() }
        let url = peer.baseURL + path
        do {
            _ = try await Self.measure(client: client, url: url, requests: min(requests, 1000), concurrency: 50)  // warm-up
            print("HTTP GET \(path) against \(peer.baseURL), \(requests) requests per level")
            print("concurrency  seconds  requests/s")
            for level in levels {
                let seconds = try await Self.measure(client: client, url: url, requests: requests, concurrency: level)
                let rate = Double(requests) / seconds
                print(pad("\(level)", 11), pad(String(format: "%.3f", seconds), 8), pad(String(format: "%.0f", rate), 11))
            }
        } catch {
            await peer.stop()
            throw error
        }
        await peer.stop()
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

private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}
