/// Why a record of cs.inbound or cs.agent-events cannot be accepted; it goes to `cs.dead-letter` with this reason.
public struct InboundRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `error_kind` values of schemas/topics/cs.dead-letter.schema.json.
    public enum Kind: String, Sendable {
        case notJSON = "not_json"
        case schema
        case unknownTenant = "unknown_tenant"
        case oversize
        case unsupportedContent = "unsupported_content"
        /// An accepted message failed on every attempt of its budget for a reason of its own.
        case attemptsExhausted = "attempts_exhausted"
        /// A cs.agent-events record names something aics does not have (an unknown suggestion).
        case unknownReference = "unknown_reference"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
