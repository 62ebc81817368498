/// Ties a streaming body to its transfer: reading resumes a paused transfer, Task cancellation
/// aborts it, and dropping the last reference to the body aborts it too. It keeps the client
/// alive, so a stream outlives the last other reference to its client.
final class StreamHandle: Sendable {
    private let transfer: CurlTransfer
    private let channel: BodyChannel
    private let client: HTTPClient
    private var loop: CurlMultiLoop { client.loop }

    init(transfer: CurlTransfer, channel: BodyChannel, client: HTTPClient) {
        self.transfer = transfer
        self.channel = channel
        self.client = client
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
