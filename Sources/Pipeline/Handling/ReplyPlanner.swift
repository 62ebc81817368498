import Catalog
import Conversations
import Providers

/// What to publish for the provider's answer or failure, as a pure function. Whether to ask the
/// bot at all is `ConversationRoute`'s decision (the Conversations target).
public enum ReplyPlanner {
    /// What to publish.
    public struct Draft: Sendable, Equatable {
        public var kind: Output.Kind
        public var reason: String?
        public var text: String
        public var sources: [AnswerSource]

        public init(kind: Output.Kind, reason: String?, text: String, sources: [AnswerSource]) {
            self.kind = kind
            self.reason = reason
            self.text = text
            self.sources = sources
        }
    }

    /// The output for the provider's answer or failure in `mode` (assist or hosted).
    /// Text that comes from the provider is made storable (`String.storable`).
    public static func draft(mode: Mode, result: Result<ProviderAnswer, ProviderFailure>, fallbackText: String?) -> Draft {
        var draft = unsanitizedDraft(mode: mode, result: result, fallbackText: fallbackText)
        draft.text = draft.text.storable
        draft.reason = draft.reason?.storable
        draft.sources = draft.sources.map {
            AnswerSource(title: $0.title.storable, snippet: $0.snippet.storable, score: $0.score, documentID: $0.documentID?.storable)
        }
        return draft
    }

    private static func unsanitizedDraft(mode: Mode, result: Result<ProviderAnswer, ProviderFailure>, fallbackText: String?) -> Draft {
        switch result {
        case .success(let answer) where !answer.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            let sources = answer.sources.map {
                AnswerSource(title: $0.title, snippet: $0.snippet, score: $0.score ?? 0, documentID: $0.documentID)
            }
            return Draft(kind: mode == .hosted ? .answer : .suggestion, reason: nil, text: answer.text, sources: sources)
        case .success:
            return noAnswer(mode: mode, message: "the provider returned an empty answer")
        case .failure(let failure) where failure.kind == .noAnswer:
            return noAnswer(mode: mode, message: failure.message)
        case .failure(let failure):
            // provider_busy: the bot had no free slot within the binding's patience (back-pressure,
            // not a failing provider); provider_failing: everything else.
            let cause = failure.code == ProviderCaller.providerBusyCode ? "provider_busy" : "provider_failing"
            guard mode == .hosted else {
                return Draft(kind: .suggestionFailed, reason: "\(cause): \(readable(failure))", text: "", sources: [])
            }
            if let fallbackText, !fallbackText.isEmpty {
                return Draft(kind: .fallback, reason: cause, text: fallbackText, sources: [])
            }
            return Draft(kind: .handoff, reason: cause, text: "", sources: [])
        }
    }

    /// The draft after the tenant's output rules (`ContentScreen`) over its text and its sources'
    /// titles and snippets: replaced words everywhere; a blocked or handed-off answer never
    /// reaches the customer (hosted: the fallback text, else a handoff; assist: a failed
    /// suggestion). Returns the rules that fired.
    public static func screened(_ draft: Draft, mode: Mode, rules: [ContentRule], fallbackText: String?) -> (Draft, ContentScreen.Result?) {
        guard draft.kind == .suggestion || draft.kind == .answer, !rules.isEmpty else { return (draft, nil) }
        var fired: [ContentRule] = []
        var stop: ContentRule?
        func screen(_ text: String) -> String {
            let result = ContentScreen.screen(text, rules: rules, target: .output)
            for rule in result.fired where !fired.contains(rule) { fired.append(rule) }
            switch result.verdict {
            case .pass(let screened): return screened
            case .block(let rule): stop = stop?.action == .block ? stop : rule
            case .handoff(let rule): stop = stop ?? rule
            }
            return text
        }
        var screened = draft
        screened.text = screen(draft.text)
        screened.sources = draft.sources.map { source in
            AnswerSource(title: screen(source.title), snippet: screen(source.snippet), score: source.score, documentID: source.documentID)
        }
        guard let rule = stop else {
            return (screened, fired.isEmpty ? nil : ContentScreen.Result(verdict: .pass(text: screened.text), fired: fired))
        }
        let result = ContentScreen.Result(verdict: rule.action == .block ? .block(rule) : .handoff(rule), fired: fired)
        if mode != .hosted { return (Draft(kind: .suggestionFailed, reason: "content_rule: \(rule.label)", text: "", sources: []), result) }
        if rule.action == .block, let fallbackText, !fallbackText.isEmpty {
            return (Draft(kind: .fallback, reason: "content_rule", text: fallbackText, sources: []), result)
        }
        return (Draft(kind: .handoff, reason: "content_rule", text: "", sources: []), result)
    }

    private static func noAnswer(mode: Mode, message: String) -> Draft {
        if mode == .hosted { return Draft(kind: .handoff, reason: "no_answer", text: "", sources: []) }
        return Draft(kind: .suggestionFailed, reason: "no_answer: \(message)", text: "", sources: [])
    }

    /// A line for the agent UI: the kind and the provider's message, never a secret.
    static func readable(_ failure: ProviderFailure) -> String {
        var text = failure.kind.rawValue
        if let status = failure.status { text += " (HTTP \(status))" }
        return text + ": " + failure.message
    }
}

extension Output.Kind {
    /// `inbound_messages.outcome` / `reply_history.outcome` for this kind (a holding notice is
    /// never recorded: the answer after it is the outcome).
    var ledgerOutcome: String {
        switch self {
        case .suggestion: "suggestion"
        case .suggestionFailed: "failed"
        case .answer, .fallback, .holding: "reply"
        case .handoff: "handoff"
        }
    }

    /// `reply_history.kind` for this kind.
    var historyKind: String {
        switch self {
        case .suggestion, .suggestionFailed: "suggestion"
        case .answer, .holding: "answer"
        case .fallback: "fallback"
        case .handoff: "handoff"
        }
    }
}
