/// A failure an operator can act on; printed as "Error: <message>", exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
