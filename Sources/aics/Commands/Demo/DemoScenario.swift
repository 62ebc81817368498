import Foundation

/// The demo's sample conversations: several customers, Chinese and English, a few turns each,
/// through an assist account, a hosted account and a conversation switched off.
struct DemoScenario: Sendable {
    struct Conversation: Sendable {
        var id: String
        var customerID: String
        var customerName: String
        var channel: String
        var accountID: String
        /// What the bindings make of it, for the reader ("assist", "hosted", "off").
        var mode: String
        var turns: [String]
    }

    /// One customer message of the scenario, with its place in the play.
    struct Turn: Sendable {
        var conversation: Conversation
        var round: Int
        var message: ChatMessage
    }

    static let assistAccount = "demo-assist"
    static let hostedAccount = "demo-hosted"
    /// The hosted-account conversation that a per-conversation binding switches off.
    static let offConversation = "conv-1005"
    static let handoffKeywords = ["转人工", "human"]
    static let fallbackText = "Sorry, I can't answer that right now. An agent will get back to you shortly. / 抱歉，稍后将由人工客服为您解答。"

    let tenantID: String
    let conversations: [Conversation]

    init(tenantID: String) {
        self.tenantID = tenantID
        conversations = [
            Conversation(
                id: "conv-1001", customerID: "cust-zhang", customerName: "张伟", channel: "wechat", accountID: Self.assistAccount,
                mode: "assist", turns: ["你好，下单后多久发货？", "可以指定快递公司吗？"]),
            Conversation(
                id: "conv-1002", customerID: "cust-emma", customerName: "Emma", channel: "web", accountID: Self.assistAccount,
                mode: "assist", turns: ["Hi! How long do I have to request a refund?", "Do you have a student discount?"]),
            Conversation(
                id: "conv-1003", customerID: "cust-li", customerName: "李娜", channel: "wecom", accountID: Self.hostedAccount,
                mode: "hosted", turns: ["退款需要多长时间到账？", "发票怎么开？", "还是不清楚，转人工"]),
            Conversation(
                id: "conv-1004", customerID: "cust-omar", customerName: "Omar", channel: "whatsapp", accountID: Self.hostedAccount,
                mode: "hosted", turns: ["Do you ship internationally?", "Can I rent a bike from you?", "OK, let me talk to a human please"]),
            Conversation(
                id: Self.offConversation, customerID: "cust-wang", customerName: "王芳", channel: "wechat", accountID: Self.hostedAccount,
                mode: "off", turns: ["你们的营业时间是几点到几点？"]),
        ]
    }

    /// Rounds of turns: round r holds every conversation's r-th message (a customer writes again
    /// after seeing what came back).
    var rounds: [[Turn]] {
        let count = conversations.map(\.turns.count).max() ?? 0
        let start = Date()
        var sequence = 0
        return (0..<count).map { round in
            conversations.compactMap { conversation -> Turn? in
                guard round < conversation.turns.count else { return nil }
                sequence += 1
                return Turn(conversation: conversation, round: round, message: message(conversation, round: round, sentAt: start.addingTimeInterval(Double(sequence))))
            }
        }
    }

    var turns: [Turn] { rounds.flatMap { $0 } }

    private func message(_ conversation: Conversation, round: Int, sentAt: Date) -> ChatMessage {
        ChatMessage(
            messageID: "\(tenantID)-\(conversation.id)-\(round + 1)",
            tenantID: tenantID,
            accountID: conversation.accountID,
            channel: conversation.channel,
            conversationID: conversation.id,
            customer: .init(id: conversation.customerID, name: conversation.customerName),
            agentID: nil,
            content: .init(type: "text", text: conversation.turns[round]),
            sentAt: ISO8601DateFormatter().string(from: sentAt))
    }
}
