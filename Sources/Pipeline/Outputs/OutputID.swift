import Crypto

/// Output ids derived from what they answer, so that a message answered again after a crash
/// carries the same id and the chat platform can drop the duplicate.
public enum OutputID {
    /// "s-" (suggestions) or "r-" (replies) plus 24 hex digits of SHA-256 over tenant, messages and
    /// kind. `purpose` tells apart outputs of the same kind for the same messages (the
    /// `reply_timeout` reply of an auto-mode suggestion beside a hosted answer).
    public static func make(kind: Output.Kind, tenantID: String, inReplyTo: [String], purpose: String? = nil) -> String {
        var hasher = SHA256()
        var bytes: [UInt8] = []
        for part in [tenantID, kind.rawValue] + (purpose.map { ["\u{1}" + $0] } ?? []) + inReplyTo {
            bytes.append(contentsOf: part.utf8)
            bytes.append(0)
        }
        hasher.update(data: bytes)
        let prefix: String = switch kind {
        case .suggestion, .suggestionFailed: "s-"
        case .answer, .fallback, .handoff, .holding: "r-"
        }
        return prefix + Hex.string(hasher.finalize().prefix(12))
    }
}
