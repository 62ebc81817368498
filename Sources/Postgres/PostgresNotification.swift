/// One `NOTIFY` as received on a listening connection.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// The server process that sent it.
    public var processID: Int
}

/// What a LISTEN subscription delivers.
public enum PostgresListenerEvent: Sendable, Equatable {
    /// LISTEN is (again) in effect. Notifications sent while it was not were lost: a consumer that
    /// caches what the channel announces should reload everything when it sees this.
    case listening
    /// A notification on one of the subscribed channels.
    case notification(PostgresNotification)
}
