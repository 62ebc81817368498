/// A configuration problem found at run time (a missing folder, ...), printed without usage text.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
