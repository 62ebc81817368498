import Foundation
@testable import Pipeline
import Providers
import Synchronization
import Testing

@Suite("Admission per bot: learned limits, queues, pauses, without I/O")
struct AdmissionStateTests {
    typealias Ticket = BotAdmissionState.Ticket
    let start = ContinuousClock.now

    @Test("additive increase per limit's worth of answers, one multiplicative cut per generation, the stated cap at once")
    func adaptiveLimit() {
        var limit = AdaptiveLimit(ceiling: 100, initial: 10)
        for _ in 0..<11 { limit.recordSuccess() }
        #expect(limit.current == 11)
        let generation = limit.generation
        let cut = limit.recordOverload(requestGeneration: generation, statedCap: nil)
        #expect(cut && limit.current == 7)
        // More 429s of requests sent before the cut say nothing new.
        let again = limit.recordOverload(requestGeneration: generation, statedCap: nil)
        #expect(!again && limit.current == 7)
        let stated = limit.recordOverload(requestGeneration: limit.generation, statedCap: 3)
        #expect(stated)
        #expect(limit.current == 3)
        for _ in 0..<10_000 { limit.recordSuccess() }
        #expect(limit.current == 100)
        var floor = AdaptiveLimit(ceiling: 5, initial: 1)
        floor.recordOverload(requestGeneration: 0, statedCap: nil)
        #expect(floor.current == 1)
    }

    @Test("never more holders than the limit, FIFO grants, a 429 retry goes first; every order of releases ends with everyone served",
          arguments: 0..<20)
    func fifoWithinLimit(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        var state = BotAdmissionState(maxConcurrency: 4, requestsPerSecond: nil)
        var granted: [Ticket] = []
        for id in 1...12 { granted += state.enqueue(Ticket(UInt64(id)), now: start).granted }
        #expect(granted == (1...4).map { Ticket(UInt64($0)) })
        var served = Set(granted)
        var holding = granted
        var order = granted
        while !holding.isEmpty {
            #expect(state.inFlight <= state.limit.current)
            let index = Int(random.next() % UInt64(holding.count))
            let ticket = holding.remove(at: index)
            let step = state.release(ticket, .answered, now: start)
            for next in step.granted {
                #expect(!served.contains(next))
                served.insert(next)
                holding.append(next)
                order.append(next)
            }
        }
        #expect(served.count == 12)
        #expect(order == order.sorted())
        #expect(state.waiting == 0 && state.inFlight == 0)
    }

    @Test("a concurrency 429 with a stated cap lowers the limit and the request goes first again")
    func overloadRequeues() {
        var state = BotAdmissionState(maxConcurrency: 50, requestsPerSecond: nil)
        for id in 1...60 { _ = state.enqueue(Ticket(UInt64(id)), now: start) }
        #expect(state.inFlight == 50)
        var step = state.release(Ticket(1), .overloaded(statedCap: 10), now: start)
        #expect(step.limitChange == BotAdmissionState.LimitChange(from: 50, to: 10))
        #expect(step.granted.isEmpty)
        step = state.enqueue(Ticket(1), retry: true, now: start)
        #expect(step.granted.isEmpty)
        // Slots free up only below the new limit (which grows again with answers); the retried request is first in line.
        var next = 2
        while step.granted.isEmpty, next <= 50 {
            step = state.release(Ticket(UInt64(next)), .answered, now: start)
            next += 1
        }
        #expect(step.granted.first == Ticket(1))
        #expect(state.inFlight <= state.limit.current)
        #expect(state.limit.current < 20)
    }

    @Test("a rate 429 pauses the bot until retry-after; a wake-up then lets the waiters in")
    func pause() {
        var state = BotAdmissionState(maxConcurrency: 10, requestsPerSecond: nil)
        _ = state.enqueue(Ticket(1), now: start)
        var step = state.release(Ticket(1), .rateLimited(retryAfter: .seconds(2)), now: start)
        step = state.enqueue(Ticket(2), now: start + .seconds(1))
        #expect(step.granted.isEmpty)
        #expect(step.wakeAt == start + .seconds(2))
        step = state.wake(now: start + .seconds(2))
        #expect(step.granted == [Ticket(2)])
    }

    @Test("OpenAI's headers with nothing left pause the bot until the reset")
    func exhaustedHeaders() {
        let answer = ProviderAnswer(
            text: "hi", sources: [], usage: nil, ids: ProviderIDs(), memory: nil,
            rateLimit: RateLimitStatus(remainingRequests: 0, resetRequests: .milliseconds(1500), remainingTokens: 900))
        #expect(BotAdmissionState.Signal(.success(answer)) == .exhausted(for: .milliseconds(1500)))
        var state = BotAdmissionState(maxConcurrency: 10, requestsPerSecond: nil)
        _ = state.enqueue(Ticket(1), now: start)
        _ = state.release(Ticket(1), .exhausted(for: .milliseconds(1500)), now: start)
        #expect(state.enqueue(Ticket(2), now: start).wakeAt == start + .milliseconds(1500))
    }

    @Test("a request rate spaces the grants")
    func rate() {
        var state = BotAdmissionState(maxConcurrency: 100, requestsPerSecond: 2)
        var granted = 0
        var wake: ContinuousClock.Instant?
        for id in 1...6 {
            let step = state.enqueue(Ticket(UInt64(id)), now: start)
            granted += step.granted.count
            wake = step.wakeAt ?? wake
        }
        #expect(granted == 2)
        let later = state.wake(now: start + .seconds(1))
        #expect(later.granted.count == 2)
    }

    @Test("a waiter that gives up leaves the queue; one that already holds a slot must release it")
    func withdraw() {
        var state = BotAdmissionState(maxConcurrency: 1, requestsPerSecond: nil)
        _ = state.enqueue(Ticket(1), now: start)
        _ = state.enqueue(Ticket(2), now: start)
        _ = state.enqueue(Ticket(3), now: start)
        #expect(state.withdraw(Ticket(2), now: start) != nil)
        #expect(state.withdraw(Ticket(1), now: start) == nil)
        #expect(state.release(Ticket(1), .answered, now: start).granted == [Ticket(3)])
    }

    @Test("which answers and failures mean wait, and which say nothing about load")
    func signals() {
        let dify429 = ProviderFailure(.rateLimited, message: "Too many requests. The current maximum concurrent requests allowed is 10.",
                                      status: 429, code: "too_many_requests")
        #expect(BotAdmissionState.Signal(.failure(dify429)) == .overloaded(statedCap: 10))
        let openAI429 = ProviderFailure(.rateLimited, message: "Rate limit reached", status: 429, code: "rate_limit_exceeded",
                                        retryAfter: .milliseconds(300))
        #expect(BotAdmissionState.Signal(.failure(openAI429)) == .rateLimited(retryAfter: .milliseconds(300)))
        #expect(BotAdmissionState.Signal(.failure(ProviderFailure(.quotaExhausted, message: "quota"))) == .unused)
        #expect(BotAdmissionState.Signal(.failure(ProviderFailure(.retryLater, message: "503"))) == .unused)
    }
}

@Suite("ProviderCaller: 429s wait, real failures open the circuit")
struct ProviderCallerAdmissionTests {
    /// Answers with the scripted outcomes in turn, then with an answer.
    final class ScriptedProvider: KnowledgeProvider {
        let script: Mutex<[ProviderFailure]>
        let calls = Atomic<Int>(0)

        init(_ failures: [ProviderFailure]) { script = Mutex(failures) }

        func answer(_ question: ProviderQuestion) async throws(ProviderFailure) -> ProviderAnswer {
            calls.add(1, ordering: .relaxed)
            if let failure = script.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
            return ProviderAnswer(text: "ok", sources: [], usage: nil, ids: ProviderIDs(), memory: nil)
        }

        func sources(for query: String, limit: Int) async throws(ProviderFailure) -> [ProviderSource] { [] }
        func checkCredentials() async -> CredentialCheck { CredentialCheck(items: []) }
    }

    static let question = ProviderQuestion(tenantID: "t", customerID: "c", messages: ["hi"])
    static let admission = ProviderCaller.Admission(settings: BotAdmissions.Settings(maxConcurrency: 10), patience: .seconds(10))

    @Test("ten concurrency 429s in a row are waited out: the answer comes, the breaker stays closed, no retry is spent")
    func concurrency429sWait() async {
        let busy = ProviderFailure(.rateLimited, message: "The current maximum concurrent requests allowed is 10.", status: 429, code: "too_many_requests")
        let provider = ScriptedProvider(Array(repeating: busy, count: 10))
        let caller = ProviderCaller(retryPolicy: RetryPolicy(maxAttempts: 2), breaker: CircuitBreaker(failureThreshold: 3))
        let bot = UUID()
        let result = await caller.ask(provider, botID: bot, question: Self.question, admission: Self.admission)
        #expect((try? result.get())?.text == "ok")
        #expect(provider.calls.load(ordering: .relaxed) == 11)
    }

    @Test("a 5xx storm still opens the circuit and fails")
    func serverErrorsOpenTheCircuit() async {
        let down = ProviderFailure(.retryLater, message: "503", status: 503)
        let provider = ScriptedProvider(Array(repeating: down, count: 100))
        let caller = ProviderCaller(
            retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)),
            breaker: CircuitBreaker(failureThreshold: 3))
        let bot = UUID()
        for _ in 0..<2 {
            if case .success = await caller.ask(provider, botID: bot, question: Self.question, admission: Self.admission) { Issue.record("answered") }
        }
        let third = await caller.ask(provider, botID: bot, question: Self.question, admission: Self.admission)
        guard case .failure(let failure) = third else {
            Issue.record("answered")
            return
        }
        #expect(failure.message.contains("circuit open"))
    }

    @Test("quota exhaustion stays terminal: no wait, no retry")
    func quotaIsTerminal() async {
        let provider = ScriptedProvider([ProviderFailure(.quotaExhausted, message: "quota", status: 429, code: "insufficient_quota")])
        let caller = ProviderCaller()
        let result = await caller.ask(provider, botID: UUID(), question: Self.question, admission: Self.admission)
        guard case .failure(let failure) = result else {
            Issue.record("answered")
            return
        }
        #expect(failure.kind == .quotaExhausted)
        #expect(provider.calls.load(ordering: .relaxed) == 1)
    }

    @Test("no slot within the patience: provider_busy, and the slot-lending hooks ran once each")
    func patience() async {
        let caller = ProviderCaller()
        let bot = UUID()
        let settings = BotAdmissions.Settings(maxConcurrency: 1)
        let holder = await caller.admissions.acquire(bot: bot, settings: settings, deadline: .now + .seconds(1))
        #expect(holder != nil)
        let hooks = Mutex((lent: 0, back: 0))
        let admission = ProviderCaller.Admission(
            settings: settings, patience: .milliseconds(200),
            willWait: { hooks.withLock { $0.lent += 1 } }, didWait: { hooks.withLock { $0.back += 1 } })
        let result = await caller.ask(ScriptedProvider([]), botID: bot, question: Self.question, admission: admission)
        guard case .failure(let failure) = result else {
            Issue.record("answered")
            return
        }
        #expect(failure.code == "provider_busy")
        let (lent, back) = hooks.withLock { ($0.lent, $0.back) }
        #expect(lent == 1 && back == 1)
        #expect(ReplyPlanner.draft(mode: .hosted, result: result, fallbackText: "wait").reason == "provider_busy")
    }
}

/// A small deterministic generator for shuffled event orders.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
}
