import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A `text/event-stream` response written frame by frame, with the fakes' stream failures:
/// a pause between frames (slow stream) and a cut connection after some frames.
struct EventStream: Sendable {
    /// Complete frames, each ending with the blank line, e.g. "data: {...}\n\n" or "event: ping\n\n".
    var frames: [String]
    /// Pause before every frame after the first.
    var interval: Duration = .zero
    /// Close the connection, without a terminal event, once this many frames were written.
    var cutAfter: Int?
    /// A frame written whenever the stream has been silent this long (Dify's `event: ping`).
    var keepAlive: (frame: String, every: Duration)?

    struct Cut: Error {}

    /// - Parameter onEnd: runs once the body is done, written, cut or failed.
    func response(headers: HTTPFields = [:], onEnd: @escaping @Sendable () -> Void = {}) -> Response {
        var fields = headers
        fields[.contentType] = "text/event-stream; charset=utf-8"
        fields[.cacheControl] = "no-cache"
        let plan = self
        return Response(status: .ok, headers: fields, body: ResponseBody { writer in
            defer { onEnd() }
            for (index, frame) in plan.frames.enumerated() {
                if let cut = plan.cutAfter, index >= cut {
                    // Throwing from the body writer makes the server drop the connection mid-body.
                    throw Cut()
                }
                if index > 0, plan.interval > .zero { try await plan.pause(writer: &writer) }
                try await writer.write(ByteBuffer(string: frame))
            }
            try await writer.finish(nil)
        })
    }

    /// Waits `interval`, writing the keep-alive frame each time the silence reaches its period.
    private func pause(writer: inout any ResponseBodyWriter) async throws {
        guard let keepAlive, keepAlive.every > .zero else {
            try await Task.sleep(for: interval)
            return
        }
        var left = interval
        while left >= keepAlive.every {
            try await Task.sleep(for: keepAlive.every)
            try await writer.write(ByteBuffer(string: keepAlive.frame))
            left -= keepAlive.every
        }
        if left > .zero { try await Task.sleep(for: left) }
    }
}
