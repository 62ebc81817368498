import Foundation

/// A small bilingual FAQ of an imaginary online shop: the demo loads it into the local knowledge
/// base, and the Dify and OpenAI fakes answer from it by default.
public enum SampleFAQ {
    /// The entries, Chinese and English; tags name the topic (used as document names by fakes).
    public static let entries: [KnowledgeEntry] = [
        KnowledgeEntry(
            question: "How long do I have to request a refund?",
            answer: "Refunds are accepted within 30 days of purchase. Items must be unused and in their original packaging.",
            tags: ["refunds"]),
        KnowledgeEntry(
            question: "How do I get my money back for a damaged item?",
            answer: "Send us a photo of the damage from the order page and we refund the full price, shipping included, within 5 business days.",
            tags: ["refunds"]),
        KnowledgeEntry(
            question: "退款需要多长时间到账？",
            answer: "退款审核通过后，原路退回，一般 3-5 个工作日到账。",
            tags: ["退款"]),
        KnowledgeEntry(
            question: "怎么申请退款？",
            answer: "在“我的订单”中选择对应订单，点击“申请退款”，填写原因后提交即可。签收后 30 天内均可申请。",
            tags: ["退款"]),
        KnowledgeEntry(
            question: "How long does shipping take?",
            answer: "Standard shipping takes 3 to 5 business days; express shipping arrives in 1 to 2 business days.",
            tags: ["shipping"]),
        KnowledgeEntry(
            question: "Do you ship internationally?",
            answer: "Yes, we ship to over 40 countries. International delivery takes 7 to 14 business days and customs fees are paid by the recipient.",
            tags: ["shipping"]),
        KnowledgeEntry(
            question: "How can I track my order?",
            answer: "Open the order page and click \"Track package\"; you also receive a tracking link by email once the parcel ships.",
            tags: ["shipping"]),
        KnowledgeEntry(
            question: "下单后多久发货？",
            answer: "现货商品在付款后 24 小时内发货，预售商品以商品页标注的发货时间为准。",
            tags: ["发货"]),
        KnowledgeEntry(
            question: "可以指定快递公司吗？",
            answer: "默认使用顺丰或中通发货，如需指定快递请在下单备注中说明，我们会尽量安排。",
            tags: ["发货"]),
        KnowledgeEntry(
            question: "What are your opening hours?",
            answer: "Our stores are open Monday to Saturday from 9:00 to 21:00 and Sunday from 10:00 to 18:00. Online support answers around the clock.",
            tags: ["opening-hours"]),
        KnowledgeEntry(
            question: "你们的营业时间是几点到几点？",
            answer: "门店营业时间为周一至周六 9:00-21:00，周日 10:00-18:00；在线客服 24 小时为您服务。",
            tags: ["营业时间"]),
        KnowledgeEntry(
            question: "How do I talk to a human agent?",
            answer: "Type \"human\" or \"agent\" at any time and we connect you to a member of our support team.",
            tags: ["handoff"]),
        KnowledgeEntry(
            question: "怎么转人工客服？",
            answer: "直接回复“转人工”，我们会为您接入人工客服。人工客服工作时间为每天 9:00-22:00。",
            tags: ["转人工"]),
        KnowledgeEntry(
            question: "Which payment methods do you accept?",
            answer: "We accept Visa, Mastercard, PayPal, Alipay and WeChat Pay.",
            tags: ["payment"]),
        KnowledgeEntry(
            question: "支持哪些付款方式？",
            answer: "支持微信支付、支付宝、银联卡以及信用卡分期付款。",
            tags: ["支付"]),
        KnowledgeEntry(
            question: "Can I change or cancel my order?",
            answer: "Orders can be changed or cancelled free of charge until they ship; after that, please request a return instead.",
            tags: ["orders"]),
        KnowledgeEntry(
            question: "如何修改收货地址？",
            answer: "订单发货前可在“我的订单”中修改收货地址；已发货的订单请联系快递公司或人工客服协助修改。",
            tags: ["订单"]),
        KnowledgeEntry(
            question: "Do you offer a warranty?",
            answer: "All electronics come with a two-year warranty covering manufacturing defects.",
            tags: ["warranty"]),
        KnowledgeEntry(
            question: "商品有保修吗？",
            answer: "所有电子产品享受两年质保，质保期内非人为损坏免费维修或更换。",
            tags: ["保修"]),
        KnowledgeEntry(
            question: "How do I reset my password?",
            answer: "Click \"Forgot password\" on the sign-in page and follow the link we email you; the link is valid for 30 minutes.",
            tags: ["account"]),
        KnowledgeEntry(
            question: "发票怎么开？",
            answer: "订单完成后，在“我的订单”中点击“申请发票”，填写抬头和税号，电子发票将在 1 个工作日内发送到您的邮箱。",
            tags: ["发票"]),
    ]

    /// The entries as a CSV file (`question,answer,tags`) that `aics kb import` reads back.
    public static var csv: String {
        func quoted(_ field: String) -> String { "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let rows = entries.map { [quoted($0.question), quoted($0.answer), quoted($0.tags.joined(separator: ";"))].joined(separator: ",") }
        return (["question,answer,tags"] + rows).joined(separator: "\r\n") + "\r\n"
    }
}
