/// The result of checking a bot's keys and ids against its provider: one line per thing checked.
public struct CredentialCheck: Sendable, Equatable, CustomStringConvertible {
    public struct Item: Sendable, Equatable {
        /// What was checked, e.g. "app key (GET /info)" or "vector store vs_123".
        public var subject: String
        /// nil when the check passed.
        public var failure: ProviderFailure?
        /// A short detail on success, e.g. the app's or vector store's name.
        public var detail: String?

        public init(subject: String, failure: ProviderFailure? = nil, detail: String? = nil) {
            self.subject = subject
            self.failure = failure
            self.detail = detail
        }
    }

    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    /// Whether every check passed.
    public var isValid: Bool { items.allSatisfy { $0.failure == nil } }

    /// One line per item: "ok   app key (GET /info): Customer Service" / "FAIL ...: reason".
    public var description: String {
        items.map { item in
            if let failure = item.failure { return "FAIL \(item.subject): \(failure)" }
            return "ok   \(item.subject)" + (item.detail.map { ": \($0)" } ?? "")
        }.joined(separator: "\n")
    }
}
