/// Finds recognisable fake secrets ("canaries") in captured text: a secret whole, or any run of
/// `window` bytes of its secret part (what follows a well-known prefix such as `app-` or `sk-`),
/// so that a key cut, masked at one end or split across a line still shows.
struct CanaryScanner {
    struct Canary {
        var name: String
        /// The whole secret as aics was given it.
        var value: String
        /// How many leading characters are a public, well-known prefix (`app-`, `sk-`, `aics_`).
        var publicPrefix: Int
    }

    struct Leak: CustomStringConvertible {
        var canary: String
        var source: String
        /// The text around the first hit.
        var context: String

        var description: String { "\(canary) in \(source): …\(context)…" }
    }

    /// `window` bytes packed into two words, so that every position of a text is one hash lookup.
    private struct Window: Hashable {
        var head: UInt64
        var tail: UInt32
    }

    static let window = 12

    let canaries: [Canary]
    private let windows: [Window: String]

    init(_ canaries: [Canary]) {
        self.canaries = canaries
        var windows: [Window: String] = [:]
        for canary in canaries {
            let secret = Array(canary.value.utf8.dropFirst(canary.publicPrefix))
            precondition(secret.count >= Self.window, "\(canary.name): the secret part is shorter than \(Self.window) bytes")
            for start in 0...(secret.count - Self.window) {
                windows[Self.pack(secret, at: start)] = canary.name
            }
        }
        self.windows = windows
    }

    /// Every canary that shows in `bytes` (at most one leak per canary), named after `source`.
    func leaks(in bytes: [UInt8], source: String) -> [Leak] {
        guard bytes.count >= Self.window else { return [] }
        var found: [String: Leak] = [:]
        for start in 0...(bytes.count - Self.window) {
            guard let name = windows[Self.pack(bytes, at: start)], found[name] == nil else { continue }
            let from = max(0, start - 40), to = min(bytes.count, start + Self.window + 40)
            found[name] = Leak(canary: name, source: source, context: String(decoding: bytes[from..<to], as: UTF8.self))
        }
        return found.values.sorted { $0.canary < $1.canary }
    }

    func leaks(in text: String, source: String) -> [Leak] { leaks(in: Array(text.utf8), source: source) }

    private static func pack(_ bytes: [UInt8], at start: Int) -> Window {
        var head: UInt64 = 0
        for index in start..<(start + 8) { head = head << 8 | UInt64(bytes[index]) }
        var tail: UInt32 = 0
        for index in (start + 8)..<(start + 12) { tail = tail << 8 | UInt32(bytes[index]) }
        return Window(head: head, tail: tail)
    }
}
