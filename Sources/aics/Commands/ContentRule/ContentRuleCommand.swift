import ArgumentParser

/// `aics content-rule`: a tenant's sensitive words on customer input and bot output.
struct ContentRuleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content-rule",
        abstract: "Set, list and remove a tenant's content rules (sensitive words on customer input and bot output).",
        discussion: """
        A rule matches its word anywhere in the text, ignoring case. On input (the customer's \
        message, before the bot is asked): block records a skip with reason content_rule and sends \
        nothing; replace changes the word before the provider sees it; handoff hands the \
        conversation to a human. On output (the bot's answer, before anyone sees it): replace \
        changes the word (default ***); block and handoff keep the answer from the customer (hosted: \
        the binding's fallback text for block, else a handoff with reason content_rule; assist: a \
        failed suggestion). The rules that fired are recorded in reply_history.content_rule. \
        Running workers pick up changes within a second.
        Examples:
          aics content-rule set --tenant acme --applies-to output --word 保证退款 --action replace --replacement 按规定退款
          aics content-rule set --tenant acme --applies-to output --word competitor.com --action block
          aics content-rule set --tenant acme --applies-to input --word 投诉 --action handoff
          aics content-rule list --tenant acme
          aics content-rule remove --tenant acme --id 3
        """,
        subcommands: [ContentRuleSetCommand.self, ContentRuleListCommand.self, ContentRuleRemoveCommand.self]
    )
}
