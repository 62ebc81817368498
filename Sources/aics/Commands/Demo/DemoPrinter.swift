import Foundation

/// Prints what happens in the demo for a human reader, within `width` terminal columns.
struct DemoPrinter: Sendable {
    var width = 80

    func section(_ title: String) {
        print("\n== \(title)")
        // Flushed as it goes, also into a pipe or a file, so progress shows as it happens.
        fflush(nil)
    }

    func note(_ text: String) {
        for line in TerminalText.wrap(text, width: width, first: "   ", rest: "   ") { print(line) }
        fflush(nil)
    }

    /// One conversation: each customer message followed by what came of it.
    func conversation(_ conversation: DemoScenario.Conversation, turns: [DemoScenario.Turn], outcomes: [String: DemoOutcome]) {
        var header = "── \(conversation.id) · \(conversation.customerName) (\(conversation.channel)) · \(conversation.accountID)"
        header += conversation.mode == "off" ? " · off for this conversation " : " · \(conversation.mode) mode "
        print("\n" + header + String(repeating: "─", count: max(3, width - TerminalText.width(header))))
        for turn in turns {
            block("👤 \(conversation.customerName): ", turn.message.content.text)
            guard let outcome = outcomes[turn.message.messageID] else {
                block("❓ ", "no outcome arrived")
                continue
            }
            self.outcome(outcome, customer: conversation.customerName)
        }
    }

    private func outcome(_ outcome: DemoOutcome, customer: String) {
        switch outcome {
        case .output(let output) where output.isSuggestion && output.status == "ok":
            block("💡 suggestion for the agent: ", output.text)
            let sources = output.sources.map { "\($0.title) (\(String(format: "%.2f", $0.score)))" }.joined(separator: " · ")
            if !sources.isEmpty { block("   sources: ", sources) }
        case .output(let output) where output.isSuggestion:
            block("💡 no suggestion for the agent: ", Self.readable(output.error))
        case .output(let output) where output.kind == "handoff":
            block("🙋 handoff to a human agent: ", Self.readable(output.reason))
        case .output(let output):
            let label = output.kind == "fallback" ? "🤖 fallback reply to \(customer): " : "🤖 reply to \(customer): "
            block(label, output.text)
        case .skip(let reason):
            block("🔕 skipped, nothing sent: ", "\(reason) (as recorded in the ledger)")
        case .deadLetter(let reason):
            block("📮 dead letter: ", reason)
        }
    }

    /// A broken record and why the worker sent it to the dead-letter topic.
    func deadLetter(original: String, kind: String, error: String) {
        block("📮 ", original)
        block("   → dead letter, \(kind): ", error)
    }

    /// `label` then `text`, wrapped and indented under the text.
    func block(_ label: String, _ text: String) {
        let first = "   " + label
        let indent = "   " + String(repeating: " ", count: min(TerminalText.width(label), 36))
        let lines = TerminalText.width(first) > width / 2
            ? [first] + TerminalText.wrap(text, width: width, first: indent, rest: indent)
            : TerminalText.wrap(text, width: width, first: first, rest: indent)
        for line in lines { print(line) }
    }

    static func readable(_ reason: String?) -> String {
        switch reason {
        case "customer_requested_human": "the customer asked for a person"
        case "no_answer": "the knowledge base has no answer"
        case let reason? where reason.hasPrefix("no_answer: "): "the knowledge base has no answer (\(reason.dropFirst(11)))"
        case let reason?: reason
        case nil: "no reason given"
        }
    }

    /// A small table with a header row, columns padded to their widest cell.
    func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header] + rows).map { TerminalText.width($0[column]) }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = "   " + cells.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - TerminalText.width(cell))
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        print(line(header))
        print("   " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows { print(line(row)) }
    }
}
