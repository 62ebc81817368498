/// The "start a new conversation and retry once" rule around one provider call, as a value
/// type that returns actions: the client sends what it is told and reports what came back.
///
/// A Dify 404 `Conversation Not Exists.` or an OpenAI `previous_response_id` that expired is
/// `conversationMemoryInvalid`: the stored memory is dropped and the question asked again
/// without it, once. Every other outcome ends the call.
public struct MemoryRecovery: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Ask the provider with this memory (nil: a new conversation).
        case send(memory: ProviderMemory?)
        /// Done: store the answer's memory for the next turn.
        case answer(ProviderAnswer)
        /// Done: the failure for the pipeline to act on.
        case fail(ProviderFailure)
    }

    private var memory: ProviderMemory?
    private var restarted = false

    public init(memory: ProviderMemory?) {
        self.memory = memory
    }

    /// Whether the memory was dropped on the way.
    public var startedNewConversation: Bool { restarted }

    /// The first action.
    public func start() -> Action { .send(memory: memory) }

    /// The next action after the provider answered or failed.
    public mutating func received(_ outcome: Result<ProviderAnswer, ProviderFailure>) -> Action {
        switch outcome {
        case .success(let answer):
            return .answer(answer)
        case .failure(let failure) where failure.kind == .conversationMemoryInvalid && memory != nil && !restarted:
            memory = nil
            restarted = true
            return .send(memory: nil)
        case .failure(let failure):
            return .fail(failure)
        }
    }

    /// Drives the rule around `send` (one provider call with the given memory): asks with the
    /// stored memory, and once more without it when the provider says the memory is gone.
    public static func run(
        memory: ProviderMemory?,
        _ send: (ProviderMemory?) async throws(ProviderFailure) -> ProviderAnswer
    ) async throws(ProviderFailure) -> ProviderAnswer {
        var recovery = MemoryRecovery(memory: memory)
        var action = recovery.start()
        while true {
            switch action {
            case .answer(let answer):
                return answer
            case .fail(let failure):
                throw failure
            case .send(let memory):
                let outcome: Result<ProviderAnswer, ProviderFailure>
                do {
                    outcome = .success(try await send(memory))
                } catch {
                    outcome = .failure(error)
                }
                action = recovery.received(outcome)
            }
        }
    }
}
