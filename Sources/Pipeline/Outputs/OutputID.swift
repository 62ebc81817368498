import Crypto
import Foundation

/// Output ids derived from what they answer, so that a message answered again after a crash
/// carries the same id and the chat platform can drop the duplicate.
public enum OutputID {
    /// "s-" (suggestions) or "r-" (replies) plus 24 hex digits of SHA-256 over tenant, messages and kind.
    public static func make(kind: Output.Kind, tenantID: String, inReplyTo: [String]) -> String {
        var hasher = SHA256()
        for part in [tenantID, kind.rawValue] + inReplyTo {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        let hex = hasher.finalize().prefix(12).map { String(format: "%02x", $0) }.joined()
        switch kind {
        case .suggestion, .suggestionFailed: return "s-\(hex)"
        case .answer, .fallback, .handoff: return "r-\(hex)"
        }
    }
}
