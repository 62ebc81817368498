import Foundation

/// A `BodyBufferStateMachine` behind a lock, with continuations as waiters.
final class BodyChannel: @unchecked Sendable {
    private let lock = NSLock()
    private var machine: BodyBufferStateMachine<CheckedContinuation<[UInt8]?, any Error>>

    init(highWater: Int) {
        machine = BodyBufferStateMachine(highWater: highWater)
    }

    /// Curl thread: false means "pause the transfer", and the chunk was not taken.
    func receive(_ chunk: [UInt8]) -> Bool {
        lock.lock()
        let action = machine.receive(chunk)
        lock.unlock()
        switch action {
        case .deliver(let waiter, let chunk):
            waiter.resume(returning: chunk)
            return true
        case .buffered:
            return true
        case .pause:
            return false
        }
    }

    /// Curl thread: the transfer ended.
    func finish(_ error: HTTPError?) {
        lock.lock()
        let action = machine.finish(error)
        lock.unlock()
        if case .resume(let waiter, let error) = action {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    /// Consumer: the next chunk, nil at the end of the body.
    /// - Parameter resume: called when the paused transfer should go on.
    func next(resume: () -> Void) async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            let action = machine.next(waiter: continuation)
            lock.unlock()
            switch action {
            case .chunk(let chunk, let shouldResume):
                if shouldResume { resume() }
                continuation.resume(returning: chunk)
            case .finished:
                continuation.resume(returning: nil)
            case .failed(let error):
                continuation.resume(throwing: error)
            case .wait(let shouldResume):
                if shouldResume { resume() }
            }
        }
    }
}
