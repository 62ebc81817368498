import ArgumentParser
import Catalog
import CommandSupport
import Foundation

/// `aics binding set`.
struct BindingSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Create or replace the binding of an account, or of one conversation.",
        discussion: """
        Replaces the whole binding: flags left out take their defaults. Durations are whole \
        numbers with ms, s, m or h (e.g. 3s, 90s, 30m).
        Examples:
          aics binding set --tenant acme --account wecom-1 \\
              --bot support --mode assist
          aics binding set --tenant acme --account wecom-1 \\
              --bot support --mode hosted --merge-window 3s \\
              --fallback-text "稍后为您转接人工客服" \\
              --handoff-keyword 转人工 --handoff-keyword human
          aics binding set --tenant acme --account wecom-1 \\
              --bot dify-support --mode hosted \\
              --fallback-bot openai-support --fallback-bot local-faq
          aics binding set --tenant acme --account wecom-1 \\
              --conversation conv-42 --mode off
          aics binding set --tenant acme --account wecom-2 --bot support --mode auto \\
              --reply-timeout 90s --handoff-text "正在为您转接人工客服" \\
              --working-hours '{"timezone": "Asia/Shanghai", "days": {"mon": [["09:00", "18:00"]]}}'
        See the README's "Conversation behaviour" for what auto, takeover, handoff, bursts and the
        holding message do.
        """
    )

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "The tenant.")
    var tenant: String

    @Option(name: .long, help: "The account (inbox) messages come in on.")
    var account: String

    @Option(name: .long, help: "Only this conversation: an override of the account's binding.")
    var conversation: String?

    @Option(name: .long, help: "The bot: its id or its name in the tenant (required unless --mode off).")
    var bot: String?

    @Option(name: .customLong("fallback-bot"), help: "Failover: a bot of the tenant (id or name) asked when the bot before it fails after its retries, has its circuit open, or is marked quota_exhausted or credentials_invalid (repeatable, asked in the order given; at most \(Binding.maxFallbackBots)). When every bot fails, --fallback-text or a handoff follows as without failover. (default: none)")
    var fallbackBots: [String] = []

    @Option(name: .long, help: "off, assist, hosted or auto.")
    var mode: String

    @Option(name: .long, help: "hosted/auto: sent to the customer when no answer could be found (default: hand off to a human instead).")
    var fallbackText: String?

    @Option(name: .customLong("handoff-keyword"), help: "A customer phrase that asks for a human, e.g. 转人工 (repeatable). Without any, the defaults apply: \(Binding.defaultHandoffKeywords.joined(separator: ", ")).")
    var handoffKeywords: [String] = []

    @Option(name: .long, help: "Customer messages of one conversation arriving within this window after the first become one question and one output listing every message id; the others are recorded as merged (default 0: no merging; at most 10s).")
    var mergeWindow: String?

    @Option(name: .long, help: "auto: send the suggestion as a reply when no agent answered within this time (default: never).")
    var replyTimeout: String?

    @Option(name: .long, help: "After an agent writes, automatic replies pause this long (default 30m).")
    var takeoverPause: String?

    @Option(name: .long, help: "How long a message may wait for a free slot of its bot (provider back-pressure) before it takes the failure path (fallback text, handoff or a failed suggestion) with reason provider_busy (default 60s).")
    var patience: String?

    @Option(name: .long, help: #"Working hours as JSON: a weekly schedule in a time zone with holiday dates, e.g. '{"timezone": "Asia/Shanghai", "days": {"mon": [["09:00", "18:00"]]}, "holidays": ["2026-10-01"]}'; a day not listed has none. auto mode answers customers itself outside them. (default: always)"#)
    var workingHours: String?

    @Option(name: .long, help: "Customer messages that are not text (image, file, voice, location, ...): skip (recorded with reason unsupported_content; the agent handles it) or handoff. (default: skip)")
    var unsupportedContent: String?

    @Option(name: .long, help: "hosted: when the provider has not answered within this time (at most 60s), --holding-text goes to the customer first (default: never).")
    var holdingAfter: String?

    @Option(name: .long, help: "The holding message, e.g. 正在为您查询，请稍候 (with --holding-after).")
    var holdingText: String?

    @Option(name: .long, help: "The text of handoff records, for the chat platform to show the customer, e.g. 正在为您转接人工客服 (default: none).")
    var handoffText: String?

    @Flag(name: .long, help: "Print the binding as JSON.")
    var json = false

    func run() async throws {
        // The rules (mode names, bot lookup in the tenant, ranges, working hours) are Catalog's,
        // shared with the admin API; errors name the flags.
        let mode = try Mode.parse(mode)
        var binding = Binding(
            tenantID: tenant, accountID: account, conversationID: conversation, botID: nil, mode: mode,
            fallbackText: fallbackText, handoffKeywords: handoffKeywords, workingHoursJSON: workingHours, handoffText: handoffText
        )
        if let mergeWindow { binding.mergeWindow = try DurationText.parse(mergeWindow, flag: "--merge-window") }
        if let replyTimeout { binding.replyTimeout = try DurationText.parse(replyTimeout, flag: "--reply-timeout") }
        if let takeoverPause { binding.takeoverPause = try DurationText.parse(takeoverPause, flag: "--takeover-pause") }
        if let patience { binding.patience = try DurationText.parse(patience, flag: "--patience") }
        if let unsupportedContent { binding.unsupportedContent = try UnsupportedContentRoute.parse(unsupportedContent) }
        switch (holdingAfter, holdingText) {
        case (nil, nil): break
        case (let after?, let text?): binding.holding = Binding.Holding(after: try DurationText.parse(after, flag: "--holding-after"), text: text)
        default: throw ValidationError("--holding-after and --holding-text go together")
        }
        let view = try await CatalogConnection.with(database) { pool in
            let store = BindingStore(pool: pool)
            if let bot { binding.botID = try await store.botID(tenantID: tenant, reference: bot) }
            for reference in fallbackBots {
                binding.fallbackBotIDs.append(try await store.botID(tenantID: tenant, reference: reference, field: .fallbackBots))
            }
            try await store.set(binding)
            return BindingView(binding: binding, names: try await store.botNames(tenantID: tenant))
        }
        if json {
            try JSONOutput.print(view)
        } else {
            print("set binding " + view.scope + "\n" + view.details)
        }
    }
}
