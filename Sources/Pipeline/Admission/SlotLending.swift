/// What the worker does while a message waits for a slot of its bot: it lends the message's
/// in-flight slot to other messages (`willWait`) and takes one back when the wait is over
/// (`didWait`), so messages of a limited bot never hold the slots other bots need.
public struct SlotLending: Sendable {
    public var willWait: @Sendable () -> Void
    public var didWait: @Sendable () -> Void

    public init(willWait: @escaping @Sendable () -> Void = {}, didWait: @escaping @Sendable () -> Void = {}) {
        self.willWait = willWait
        self.didWait = didWait
    }
}
