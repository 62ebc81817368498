extension String {
    /// The text with U+0000 replaced by U+FFFD. Postgres text cannot hold U+0000: customer input
    /// that contains it is refused at intake (`InboundDecoder`), text aics did not receive from a
    /// customer (a provider's answer, sources, error texts) is made storable with this.
    var storable: String {
        guard utf8.contains(0) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }
}
