/// The conversations of a chaos run, as pure arithmetic on the message index.
///
/// Messages come in blocks of `activeConversations × perConversation`: within a block, message
/// `j` belongs to the block's conversation `j % activeConversations` and is its `j / active`-th
/// message. So a conversation's messages follow each other closely (`activeConversations`
/// messages apart) and queue behind each other in the worker, which is where order can break.
/// Conversation `c` is bound through account `accounts[c % accounts.count]`; every
/// `malformedEvery`-th message is a record the worker must dead-letter.
struct ChaosPlan: Sendable {
    var tag: String
    var messages: Int
    var perConversation: Int
    var activeConversations: Int
    var accounts: [ChaosAccount]
    /// Every this many messages one is malformed (0: none).
    var malformedEvery: Int = 97

    init(tag: String, messages: Int, perConversation: Int, activeConversations: Int, accounts: [ChaosAccount] = ChaosAccount.all) {
        precondition(perConversation >= 1 && activeConversations >= 1 && !accounts.isEmpty)
        self.tag = tag
        self.messages = messages
        self.perConversation = perConversation
        self.activeConversations = activeConversations
        self.accounts = accounts
    }

    private var blockSize: Int { activeConversations * perConversation }

    func messageID(_ index: Int) -> String { "\(tag)-m-\(index)" }

    /// Messages before the load that show the group is ready; not checked.
    func warmUpMessageID(_ index: Int) -> String { "\(tag)-w-\(index)" }
    func isWarmUp(_ messageID: String) -> Bool { messageID.hasPrefix(tag + "-w-") }

    /// The conversation (a global number) of message `index`.
    func conversation(of index: Int) -> Int {
        (index / blockSize) * activeConversations + (index % blockSize) % activeConversations
    }

    /// The message's position in its conversation (0, 1, ...).
    func sequence(of index: Int) -> Int { (index % blockSize) / activeConversations }

    func conversationID(_ conversation: Int) -> String { "\(tag)-c-\(conversation)" }

    func account(ofConversation conversation: Int) -> ChaosAccount { accounts[conversation % accounts.count] }

    func isMalformed(_ index: Int) -> Bool { malformedEvery > 0 && index % malformedEvery == malformedEvery - 1 }

    /// The message's text: mostly questions the knowledge bases answer, some they cannot, and in
    /// hosted conversations now and then a request for a human.
    func text(_ index: Int) -> String {
        if index % 53 == 7 { return ChaosAccount.humanRequest }
        if index % 19 == 5 { return ChaosAccount.unanswerable }
        return ChaosAccount.questions[index % ChaosAccount.questions.count]
    }

    /// The index of one of this plan's message ids.
    func index(of messageID: String) -> Int? {
        let prefix = tag + "-m-"
        guard messageID.hasPrefix(prefix), let index = Int(messageID.dropFirst(prefix.count)), index >= 0, index < messages else { return nil }
        return index
    }
}

/// One inbox of the run's tenant: the bot it is bound to and the binding's mode.
struct ChaosAccount: Sendable, Equatable {
    enum Bot: String, Sendable, CaseIterable {
        case difyBlocking = "dify-blocking", difyStreaming = "dify-streaming"
        case openAIBlocking = "openai-blocking", openAIStreaming = "openai-streaming"
        case local
    }

    enum Mode: String, Sendable { case assist, hosted, off }

    var id: String
    var bot: Bot
    var mode: Mode
    /// Hosted: a fallback text instead of a handoff when the provider fails.
    var fallback: Bool

    /// Every bot in assist and hosted mode (hosted with and without a fallback text) and one inbox with aics off.
    static let all: [ChaosAccount] = [
        ChaosAccount(id: "dify-assist", bot: .difyBlocking, mode: .assist, fallback: false),
        ChaosAccount(id: "dify-hosted", bot: .difyStreaming, mode: .hosted, fallback: true),
        ChaosAccount(id: "openai-assist", bot: .openAIStreaming, mode: .assist, fallback: false),
        ChaosAccount(id: "openai-hosted", bot: .openAIBlocking, mode: .hosted, fallback: false),
        ChaosAccount(id: "local-assist", bot: .local, mode: .assist, fallback: false),
        ChaosAccount(id: "local-hosted", bot: .local, mode: .hosted, fallback: true),
        ChaosAccount(id: "dify-hosted-2", bot: .difyBlocking, mode: .hosted, fallback: false),
        ChaosAccount(id: "openai-assist-2", bot: .openAIBlocking, mode: .assist, fallback: false),
        ChaosAccount(id: "silent", bot: .local, mode: .off, fallback: false),
    ]

    static let fallbackText = "Sorry, our assistant is unavailable right now; an agent will answer you shortly."
    static let handoffKeyword = "human"
    static let humanRequest = "Can I talk to a human please"
    static let unanswerable = "Do you sell tickets to the moon"
    /// Questions of the sample FAQ that every bot (Dify and OpenAI fakes, the local knowledge base) answers.
    static let questions = [
        "How long do I have to request a refund?",
        "How long does shipping take?",
        "退款需要多长时间到账？",
        "How do I get my money back for a damaged item?",
    ]
}
