/// Durations are stored as whole milliseconds (`*_ms` columns): the one home of that conversion.
extension Duration {
    public var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
