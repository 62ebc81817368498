/// The fuzz targets: each takes arbitrary bytes and checks the invariants of one piece of code
/// that reads untrusted input. `aics-fuzz` hands them to libFuzzer (`deploy/local/fuzz.sh`);
/// FuzzTests replays the committed corpora through them in the normal build.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// JSONParser.parse never crashes; a parsed value survives JSONWriter and parsing again.
    case json
    /// InboundDecoder with the cs.inbound schema: success, or a failure with a reason.
    case inbound
    /// ServerSentEventParser: the same events however the bytes are split into chunks.
    case sse
    /// Postgres parameters: array literals round-trip exactly; NUL is refused, never truncated.
    case postgres

    /// Checks one input; throws the first broken invariant. A crash in the code under test is a
    /// finding too (libFuzzer records the input).
    package func check(_ bytes: [UInt8]) throws(InvariantViolation) {
        switch self {
        case .json: try JSONFuzzing.check(bytes)
        case .inbound: try InboundFuzzing.check(bytes)
        case .sse: try SSEFuzzing.check(bytes)
        case .postgres: try PostgresFuzzing.check(bytes)
        }
    }
}

/// An invariant that did not hold for an input.
package struct InvariantViolation: Error, CustomStringConvertible {
    package let target: FuzzTarget
    package let message: String

    package init(_ target: FuzzTarget, _ message: String) {
        self.target = target
        self.message = message
    }

    package var description: String { "\(target.rawValue): \(message)" }
}
