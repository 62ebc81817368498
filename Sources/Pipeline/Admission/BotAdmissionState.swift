/// Admission for one bot, as a value: who holds a slot, who waits (FIFO, retries of a 429 first),
/// the learned limit, the request rate, and a pause a provider asked for. Every change returns a
/// `Step`: whom to let in now and when to look again. The caller acts on it (`BotAdmissions`).
public struct BotAdmissionState: Sendable {
    public struct Ticket: Hashable, Sendable, Comparable {
        public let id: UInt64
        public init(_ id: UInt64) { self.id = id }
        public static func < (lhs: Ticket, rhs: Ticket) -> Bool { lhs.id < rhs.id }
    }

    /// How a request that held a slot ended, as far as load is concerned.
    public enum Signal: Sendable, Equatable {
        /// The provider answered (or failed for a reason that says nothing about load).
        case answered
        /// A concurrency 429: too many requests at once; `statedCap` if the provider named it.
        case overloaded(statedCap: Int?)
        /// A rate 429: come back after `retryAfter` (one second when the provider did not say).
        case rateLimited(retryAfter: Duration?)
        /// The provider's rate-limit headers say no request is left until `after` from now.
        case exhausted(for: Duration)
        /// Nothing about load: the request failed otherwise (a 5xx, a timeout, bad credentials) or never
        /// reached the provider. The limit stays as it is.
        case unused
    }

    public struct Step: Sendable, Equatable {
        /// Tickets that hold a slot from now on.
        public var granted: [Ticket] = []
        /// When the first waiter could go in (a pause or the rate), if one waits for time.
        public var wakeAt: ContinuousClock.Instant?
        /// The limit before and after, when this step changed it.
        public var limitChange: LimitChange?
    }

    public struct LimitChange: Sendable, Equatable {
        public var from: Int
        public var to: Int
    }

    public private(set) var limit: AdaptiveLimit
    private var bucket: RateBucket?
    /// Tickets holding a slot, with the limit's generation when they were let in.
    public private(set) var holding: [Ticket: Int] = [:]
    private var queue: [Ticket] = []
    private var queueHead = 0
    public private(set) var pausedUntil: ContinuousClock.Instant?

    public init(maxConcurrency: Int, requestsPerSecond: Double?) {
        limit = AdaptiveLimit(ceiling: maxConcurrency)
        bucket = requestsPerSecond.map { RateBucket(rate: $0) }
    }

    public var waiting: Int { queue.count - queueHead }
    public var inFlight: Int { holding.count }

    /// A request wants a slot. `retry`: it held one and got a 429, so it goes first again.
    public mutating func enqueue(_ ticket: Ticket, retry: Bool = false, now: ContinuousClock.Instant) -> Step {
        if retry {
            queue.insert(ticket, at: queueHead)
        } else {
            queue.append(ticket)
        }
        return admit(now: now)
    }

    /// A slot is given back with what happened to the request.
    public mutating func release(_ ticket: Ticket, _ signal: Signal, now: ContinuousClock.Instant) -> Step {
        guard let generation = holding.removeValue(forKey: ticket) else { return admit(now: now) }
        let before = limit.current
        switch signal {
        case .answered:
            limit.recordSuccess()
        case .overloaded(let statedCap):
            limit.recordOverload(requestGeneration: generation, statedCap: statedCap)
        case .rateLimited(let retryAfter):
            pause(until: now + (retryAfter ?? .seconds(1)))
        case .exhausted(let duration):
            pause(until: now + duration)
        case .unused:
            break
        }
        var step = admit(now: now)
        if limit.current != before { step.limitChange = LimitChange(from: before, to: limit.current) }
        return step
    }

    /// A waiter gives up (its patience ran out, or it was cancelled) before it got a slot.
    /// Returns nil when it holds a slot already: the caller must release it instead.
    public mutating func withdraw(_ ticket: Ticket, now: ContinuousClock.Instant) -> Step? {
        guard holding[ticket] == nil else { return nil }
        if let index = queue[queueHead...].firstIndex(of: ticket) { queue.remove(at: index) }
        return admit(now: now)
    }

    /// Time passed (a pause ended, a token came back): let in whom the limit allows.
    public mutating func wake(now: ContinuousClock.Instant) -> Step { admit(now: now) }

    private mutating func pause(until: ContinuousClock.Instant) {
        pausedUntil = max(pausedUntil ?? until, until)
    }

    private mutating func admit(now: ContinuousClock.Instant) -> Step {
        var step = Step()
        if let pausedUntil {
            guard now >= pausedUntil else {
                if waiting > 0 { step.wakeAt = pausedUntil }
                return step
            }
            self.pausedUntil = nil
        }
        while queueHead < queue.count, holding.count < limit.current {
            if bucket != nil, let next = bucket!.take(now: now) {
                step.wakeAt = next
                break
            }
            let ticket = queue[queueHead]
            queueHead += 1
            holding[ticket] = limit.generation
            step.granted.append(ticket)
        }
        if queueHead > 64, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return step
    }
}
