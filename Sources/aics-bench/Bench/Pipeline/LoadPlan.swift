/// The messages of one measured run: message `i` belongs to conversation `i % conversations` and
/// is that conversation's `i / conversations`-th message, so every conversation gets its messages
/// in increasing index order. Ids carry the run's tag so that runs never collide in the ledger.
struct LoadPlan: Sendable {
    var tag: String
    var messages: Int
    var conversations: Int

    func messageID(_ index: Int) -> String { "\(tag)-m-\(index)" }
    func conversationID(_ index: Int) -> String { "\(tag)-c-\(index % conversations)" }
    func warmUpMessageID(_ index: Int) -> String { "\(tag)-w-\(index)" }
    func warmUpConversationID(_ index: Int) -> String { "\(tag)-wc-\(index)" }

    /// What an output's `in_reply_to` id refers to.
    enum Reference: Equatable {
        case measured(Int)
        case warmUp
        case foreign
    }

    func reference(_ messageID: String) -> Reference {
        let measured = tag + "-m-"
        if messageID.hasPrefix(measured), let index = Int(messageID.dropFirst(measured.count)), index >= 0, index < messages {
            return .measured(index)
        }
        return messageID.hasPrefix(tag + "-w-") ? .warmUp : .foreign
    }
}
