import Providers

/// What a failed credential check means for the request that asked for it.
enum CredentialVerdict {
    /// nil when every check passed; else 400 naming the field the provider refused, or 502 when
    /// the provider could not be asked (then the keys may well be right).
    static func error(for check: CredentialCheck) -> AdminError? {
        let failed = check.items.filter { $0.failure != nil }
        guard let first = failed.first, let failure = first.failure else { return nil }
        let message = failed.map { "\($0.subject): \($0.failure!)" }.joined(separator: "; ")
        if [.retryLater, .rateLimited].contains(failure.kind) {
            return AdminError(.badGateway, code: "provider_unavailable",
                              "the provider could not be asked (\(message)); try again, or create the bot with ?check=false")
        }
        return AdminError(.badRequest, code: "credentials_rejected", "the provider refused: \(message)", field: field(for: first))
    }

    static func field(for item: CredentialCheck.Item) -> String {
        let subject = item.subject
        let missing = item.failure?.status == 404
        if subject.contains("knowledge") { return missing ? "dataset_ids" : "knowledge_key" }
        if subject.contains("vector store") { return missing ? "vector_store_ids" : "api_key" }
        return "api_key"
    }
}
