/// Conversations of a fake Dify app, each owned by one `user`.
struct DifyConversations {
    struct Conversation {
        var user: String
        /// Questions answered in this conversation so far.
        var turns: Int
    }

    private(set) var byID: [String: Conversation] = [:]

    /// Whether `id` exists and belongs to `user` (a foreign id is "not found" too).
    func contains(_ id: String, user: String) -> Bool { byID[id]?.user == user }

    /// Turns answered before this one, after recording this one; creates the conversation if new.
    mutating func recordTurn(_ id: String, user: String) -> Int {
        let previous = byID[id]?.turns ?? 0
        byID[id] = Conversation(user: user, turns: previous + 1)
        return previous
    }

    mutating func removeAll() { byID.removeAll() }
}
