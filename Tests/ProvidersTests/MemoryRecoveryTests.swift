import Providers
import Testing

@Suite("Memory recovery")
struct MemoryRecoveryTests {
    static let answer = ProviderAnswer(text: "ok", sources: [], usage: nil, ids: ProviderIDs(), memory: .difyConversation(id: "new"))
    static let lost = ProviderFailure(.conversationMemoryInvalid, message: "Conversation Not Exists.", status: 404)

    @Test func lostConversationRestartsOnce() {
        var recovery = MemoryRecovery(memory: .difyConversation(id: "old"))
        #expect(recovery.start() == .send(memory: .difyConversation(id: "old")))
        #expect(recovery.received(.failure(Self.lost)) == .send(memory: nil))
        #expect(recovery.startedNewConversation)
        #expect(recovery.received(.success(Self.answer)) == .answer(Self.answer))
    }

    @Test func secondMemoryFailureIsFinal() {
        var recovery = MemoryRecovery(memory: .openAIResponse(id: "resp_old"))
        _ = recovery.received(.failure(Self.lost))
        #expect(recovery.received(.failure(Self.lost)) == .fail(Self.lost))
    }

    @Test func withoutMemoryNothingIsRetried() {
        var recovery = MemoryRecovery(memory: nil)
        #expect(recovery.received(.failure(Self.lost)) == .fail(Self.lost))
        let busy = ProviderFailure(.rateLimited, message: "busy", retryAfter: .seconds(1))
        var withMemory = MemoryRecovery(memory: .difyConversation(id: "c"))
        #expect(withMemory.received(.failure(busy)) == .fail(busy))
        #expect(!withMemory.startedNewConversation)
    }
}
