import Providers

extension String {
    /// The text with U+0000 replaced by U+FFFD. Postgres text cannot hold U+0000: customer input
    /// that contains it is refused at intake (`InboundDecoder`), text aics did not receive from a
    /// customer (a provider's answer, sources, error texts) is made storable with this.
    var storable: String {
        guard utf8.contains(0) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }
}

extension ProviderMemory {
    /// Whether Postgres can store the id (no U+0000, which jsonb refuses even escaped).
    var isStorable: Bool {
        switch self {
        case .difyConversation(let id), .openAIResponse(let id): !id.utf8.contains(0)
        }
    }
}
