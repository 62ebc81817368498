import Synchronization

/// Group commit: requests that arrive while earlier ones are being written are gathered and
/// written together by one call of `write`, each caller resumed with its own result. There is
/// no timer: a lone request is written at once, so latency never grows; under load the batches
/// grow by themselves. At most `maxWriters` writes run at a time.
///
/// Requests that share a key (say the same message id) never go into the same write: the later
/// one waits for the next write, so it sees what the earlier one stored.
///
/// A write that fails for what one request holds (`FailureClass.ownFault`) is repeated request by
/// request, so that only the request at fault gets the error.
final class GroupCommit<Request: Sendable, Response: Sendable>: Sendable {
    typealias Write = @Sendable ([Request]) async throws -> [Response]

    private struct Waiting {
        var request: Request
        var continuation: CheckedContinuation<Response, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writers = 0
    }

    private let state = Mutex(State())
    private let batchSize: Int
    private let maxWriters: Int
    private let keys: @Sendable (Request) -> [String]
    private let write: Write

    /// - Parameters:
    ///   - keys: what must not appear twice in one write.
    ///   - write: writes a batch and returns one response per request, in order.
    init(batchSize: Int = 256, maxWriters: Int = 4, keys: @escaping @Sendable (Request) -> [String], write: @escaping Write) {
        self.batchSize = batchSize
        self.maxWriters = maxWriters
        self.keys = keys
        self.write = write
    }

    /// Writes one request; returns when the write holding it finished.
    func submit(_ request: Request) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let startWriter = state.withLock { state in
                state.waiting.append(Waiting(request: request, continuation: continuation))
                guard state.writers < maxWriters else { return false }
                state.writers += 1
                return true
            }
            // The writer ends as soon as nothing waits, so it never outlives the requests it serves.
            if startWriter { Task { await self.writeUntilEmpty() } }
        }
    }

    private func writeUntilEmpty() async {
        while true {
            let batch = state.withLock { state in
                let batch = takeBatch(&state.waiting)
                if batch.isEmpty { state.writers -= 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let responses = try await writeChecked(batch.map(\.request))
                for (waiting, response) in zip(batch, responses) { waiting.continuation.resume(returning: response) }
            } catch where batch.count > 1 && FailureClass.of(error) == .ownFault {
                // One request's data failed the statement: write each alone, so only that one
                // fails and the others are not held hostage by it.
                for waiting in batch {
                    do {
                        waiting.continuation.resume(returning: try await writeChecked([waiting.request])[0])
                    } catch {
                        waiting.continuation.resume(throwing: error)
                    }
                }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }

    private func writeChecked(_ requests: [Request]) async throws -> [Response] {
        let responses = try await write(requests)
        guard responses.count == requests.count else {
            throw GroupCommitError("a batch write returned \(responses.count) results for \(requests.count) requests")
        }
        return responses
    }

    /// The oldest requests without a key already in the batch, up to `batchSize`; the rest stay in order.
    private func takeBatch(_ waiting: inout [Waiting]) -> [Waiting] {
        var seen = Set<String>()
        var batch: [Waiting] = []
        var rest: [Waiting] = []
        batch.reserveCapacity(min(waiting.count, batchSize))
        for item in waiting {
            let itemKeys = keys(item.request)
            if batch.count < batchSize, itemKeys.allSatisfy({ !seen.contains($0) }) {
                seen.formUnion(itemKeys)
                batch.append(item)
            } else {
                rest.append(item)
            }
        }
        waiting = rest
        return batch
    }
}

struct GroupCommitError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
