import Foundation

/// Sample customer conversations for `aics demo`, in Chinese and English.
enum DemoSamples {
    static func messages(now: Date = Date()) -> [InboundMessage] {
        let lines: [(conversation: String, customer: String, name: String, channel: String, text: String)] = [
            ("conv-1001", "cust-zhang", "张伟", "wechat", "你好，我上周买的蓝牙耳机还没发货，能帮我查一下吗？"),
            ("conv-1002", "cust-emma", "Emma Wilson", "web", "Hi, how do I change the delivery address on my order?"),
            ("conv-1001", "cust-zhang", "张伟", "wechat", "订单号是 20261118-7731。"),
            ("conv-1003", "cust-li", "李娜", "wecom", "你们支持七天无理由退货吗？"),
            ("conv-1002", "cust-emma", "Emma Wilson", "web", "Order number is #A-55210, thanks!"),
            ("conv-1004", "cust-omar", "Omar Haddad", "whatsapp", "Is there a student discount for the annual plan?"),
            ("conv-1003", "cust-li", "李娜", "wecom", "转人工"),
        ]
        let formatter = ISO8601DateFormatter()
        return lines.enumerated().map { index, line in
            InboundMessage(
                messageID: "demo-msg-\(index + 1)",
                tenantID: "tenant-demo",
                accountID: line.channel == "wechat" || line.channel == "wecom" ? "acct-wx-01" : "acct-web-01",
                channel: line.channel,
                conversationID: line.conversation,
                customer: .init(id: line.customer, name: line.name),
                agentID: nil,
                content: .init(type: "text", text: line.text),
                sentAt: formatter.string(from: now.addingTimeInterval(Double(index)))
            )
        }
    }
}
