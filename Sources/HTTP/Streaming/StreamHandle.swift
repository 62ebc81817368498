/// Ties a streaming body to its transfer: reading resumes a paused transfer, Task cancellation
/// aborts it, and dropping the last reference to the body aborts it too.
final class StreamHandle: Sendable {
    private let transfer: CurlTransfer
    private let channel: BodyChannel
    private let loop: CurlMultiLoop

    init(transfer: CurlTransfer, channel: BodyChannel, loop: CurlMultiLoop) {
        self.transfer = transfer
        self.channel = channel
        self.loop = loop
    }

    deinit {
        // Harmless when the transfer is over: the loop ignores cancels of unknown transfers.
        loop.submit(.cancel(transfer))
    }

    func next() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await channel.next { loop.submit(.unpause(transfer)) }
        } onCancel: {
            loop.submit(.cancel(transfer))
        }
    }
}
