/// A dictionary key that compares text byte by byte, as Postgres does. Swift's `String` equality
/// is canonical equivalence: "\u{212A}elvin" (Kelvin sign) equals "Kelvin", so a cache keyed by
/// `String` would hand one tenant's (or account's) configuration to an id the database holds apart.
struct ExactKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }
}
