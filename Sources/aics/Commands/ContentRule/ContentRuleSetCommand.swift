import ArgumentParser
import Catalog
import CommandSupport

/// `aics content-rule set`.
struct ContentRuleSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Add a rule, or change the action of the tenant's rule for the same word and target.")

    @OptionGroup(title: "Database") var database: DatabaseOptions

    @Option(name: .long, help: "The tenant.")
    var tenant: String

    @Option(name: .long, help: "input (the customer's message) or output (the bot's answer).")
    var appliesTo: String

    @Option(name: .long, help: "The word or phrase (matched anywhere, ignoring case).")
    var word: String

    @Option(name: .long, help: "block, replace or handoff.")
    var action: String

    @Option(name: .long, help: "replace: what the word becomes (default ***).")
    var replacement: String?

    @Flag(name: .long, help: "Print the rule as JSON.")
    var json = false

    func run() async throws {
        let rule = ContentRule(
            tenantID: tenant, appliesTo: try ContentRule.Target.parse(appliesTo), word: word, action: try ContentRule.Action.parse(action),
            replacement: replacement)
        let stored = try await CatalogConnection.with(database) { pool in try await ContentRuleStore(pool: pool).set(rule) }
        if json {
            try JSONOutput.print(ContentRuleView(stored))
        } else {
            print("set content rule \(stored.id) of tenant \(stored.tenantID): \(stored.appliesTo.rawValue) '\(stored.word)' → \(ContentRuleView(stored).effect)")
        }
    }
}

/// What commands show of a rule.
struct ContentRuleView: Encodable {
    var id: Int64
    var tenant_id: String
    var applies_to: String
    var word: String
    var action: String
    var replacement: String?

    init(_ rule: ContentRule) {
        id = rule.id
        tenant_id = rule.tenantID
        applies_to = rule.appliesTo.rawValue
        word = rule.word
        action = rule.action.rawValue
        replacement = rule.action == .replace ? rule.replacement ?? ContentRule.defaultReplacement : nil
    }

    var effect: String { replacement.map { "replace with '\($0)'" } ?? action }
}
