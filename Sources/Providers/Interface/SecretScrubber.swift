/// Keeps a bot's own keys out of the texts its provider sends back.
///
/// Dify and OpenAI do not echo the key they were sent (OpenAI shows `sk-abc***wxyz`), but a
/// gateway or proxy in front of them may ("invalid token: sk-..."), and a failure's message goes
/// to error responses, the agent's failed suggestion, the ledger and the reply history, the bot's
/// status reason and the command line. Any word of such a text that holds `run` or more
/// characters of a key in a row becomes `[redacted]`, so a key cut or masked at one end is
/// caught too, while hints like `app-…wxyz` stay.
public struct SecretScrubber: Sendable {
    public static let run = 12
    public static let replacement = "[redacted]"

    /// Every `run`-character piece of every key.
    private let pieces: Set<Substring>

    public init(secrets: [String]) {
        var pieces: Set<Substring> = []
        for secret in secrets {
            var start = secret.startIndex
            while let end = secret.index(start, offsetBy: Self.run, limitedBy: secret.endIndex) {
                pieces.insert(secret[start..<end])
                start = secret.index(after: start)
            }
        }
        self.pieces = pieces
    }

    /// `text` with every word that carries a piece of a key replaced.
    public func scrub(_ text: String) -> String {
        guard !pieces.isEmpty, text.count >= Self.run else { return text }
        var result = ""
        var wordStart = text.startIndex
        for index in text.indices where Self.separates(text[index]) {
            result += scrubbed(text[wordStart..<index])
            result.append(text[index])
            wordStart = text.index(after: index)
        }
        result += scrubbed(text[wordStart...])
        return result
    }

    private func scrubbed(_ word: Substring) -> Substring {
        var start = word.startIndex
        while let end = word.index(start, offsetBy: Self.run, limitedBy: word.endIndex) {
            if pieces.contains(word[start..<end]) { return Substring(Self.replacement) }
            start = word.index(after: start)
        }
        return word
    }

    /// Keys are single words: they end at whitespace, quotes and the brackets around them.
    private static func separates(_ character: Character) -> Bool {
        character.isWhitespace || "\"'`,;()[]{}<>".contains(character)
    }

    public func scrub(_ failure: ProviderFailure) -> ProviderFailure {
        var failure = failure
        failure.message = scrub(failure.message)
        failure.code = failure.code.map(scrub)
        failure.requestID = failure.requestID.map(scrub)
        return failure
    }

    public func scrub(_ check: CredentialCheck) -> CredentialCheck {
        CredentialCheck(items: check.items.map { item in
            CredentialCheck.Item(subject: scrub(item.subject), failure: item.failure.map(scrub), detail: item.detail.map(scrub))
        })
    }
}

/// A provider whose failures and credential checks never carry its bot's keys: `Bot.makeProvider`
/// wraps every provider that holds keys in one.
public struct SecretScrubbingProvider: KnowledgeProvider {
    public let base: any KnowledgeProvider
    public let scrubber: SecretScrubber

    public init(_ base: any KnowledgeProvider, secrets: [String]) {
        self.base = base
        self.scrubber = SecretScrubber(secrets: secrets)
    }

    public func answer(_ question: ProviderQuestion) async throws(ProviderFailure) -> ProviderAnswer {
        do throws(ProviderFailure) {
            return try await base.answer(question)
        } catch {
            throw scrubber.scrub(error)
        }
    }

    public func sources(for query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource] {
        do throws(ProviderFailure) {
            return try await base.sources(for: query, limit: limit)
        } catch {
            throw scrubber.scrub(error)
        }
    }

    public func checkCredentials() async -> CredentialCheck {
        scrubber.scrub(await base.checkCredentials())
    }
}
