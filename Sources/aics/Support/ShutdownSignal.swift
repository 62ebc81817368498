import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM without blocking a thread of the cooperative pool.
enum ShutdownSignal {
    /// Returns the signal number that arrived first.
    static func wait() async -> Int32 {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        for await number in stream { return number }
        return SIGTERM
    }
}
