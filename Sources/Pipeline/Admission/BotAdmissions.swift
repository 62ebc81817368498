import Foundation
import Logging
import Synchronization

/// Admission to every bot this worker asks: a slot per request, within the bot's learned
/// concurrency limit, its request rate and any pause its provider asked for
/// (`BotAdmissionState`). Requests that cannot go now wait in their bot's FIFO queue without
/// holding anything else, so one limited or slow bot never keeps another bot's messages waiting.
public final class BotAdmissions: Sendable {
    public struct Settings: Sendable, Equatable {
        public var maxConcurrency: Int
        public var requestsPerSecond: Double?

        public init(maxConcurrency: Int, requestsPerSecond: Double? = nil) {
            self.maxConcurrency = max(1, maxConcurrency)
            self.requestsPerSecond = requestsPerSecond
        }
    }

    /// What `aics bot list` and the metrics show of one bot.
    public struct Stats: Sendable, Equatable {
        public var limit: Int
        public var inFlight: Int
        public var queued: Int
        /// The 95th percentile of recent waits for a slot (the last 256 grants), in milliseconds.
        public var waitP95Milliseconds: Int
        public var pausedUntil: ContinuousClock.Instant?
    }

    public typealias Ticket = BotAdmissionState.Ticket

    private struct Entry {
        var settings: Settings
        var state: BotAdmissionState
        var waiters: [Ticket: CheckedContinuation<Bool, Never>] = [:]
        /// Granted before their waiter registered (the grant raced the registration).
        var grantedEarly: Set<Ticket> = []
        var enqueuedAt: [Ticket: ContinuousClock.Instant] = [:]
        var recentWaits: [Duration] = []
        var wakeScheduled: ContinuousClock.Instant?
        var loggedLimit: Int

        /// Nothing held or waiting: the entry may be rebuilt with new settings.
        var isIdle: Bool { state.inFlight == 0 && state.waiting == 0 }

        init(settings: Settings) {
            self.settings = settings
            self.state = BotAdmissionState(maxConcurrency: settings.maxConcurrency, requestsPerSecond: settings.requestsPerSecond)
            self.loggedLimit = settings.maxConcurrency
        }
    }

    private struct Registry {
        var entries: [UUID: Entry] = [:]
        var nextTicket: UInt64 = 1
    }

    private let registry = Mutex(Registry())
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Waits for a slot of `bot` until `deadline`; nil when the deadline came first. `retry`: the
    /// request held a slot and got a 429; it goes to the front of the queue. `willWait` runs once
    /// before waiting (the worker lends the message's in-flight slot to others meanwhile).
    public func acquire(
        bot: UUID, settings: Settings, retry: Bool = false, deadline: ContinuousClock.Instant, willWait: () -> Void = {}
    ) async -> Ticket? {
        let now = ContinuousClock.now
        let (ticket, grantedNow): (Ticket, Bool) = registry.withLock { registry in
            let ticket = Ticket(registry.nextTicket)
            registry.nextTicket += 1
            var entry = registry.entries[bot].map { $0.settings == settings || !$0.isIdle ? $0 : Entry(settings: settings) }
                ?? Entry(settings: settings)
            entry.enqueuedAt[ticket] = now
            let step = entry.state.enqueue(ticket, retry: retry, now: now)
            registry.entries[bot] = entry
            let granted = apply(step, bot: bot, registry: &registry, now: now)
            return (ticket, granted.contains(ticket))
        }
        if grantedNow { return ticket }
        willWait()
        let granted = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.waitForGrant(bot: bot, ticket: ticket) }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return false
            }
            let first = await group.next() ?? false
            if !first { self.withdraw(bot: bot, ticket: ticket) }
            group.cancelAll()
            // After a withdrawal the waiter ends too, with the final word (it may have been granted just then).
            var granted = first
            while let other = await group.next() { granted = granted || other }
            return granted
        }
        return granted ? ticket : nil
    }

    /// Gives a slot back with what happened to the request.
    public func release(bot: UUID, _ ticket: Ticket, _ signal: BotAdmissionState.Signal) {
        let now = ContinuousClock.now
        registry.withLock { registry in
            guard var entry = registry.entries[bot] else { return }
            let step = entry.state.release(ticket, signal, now: now)
            registry.entries[bot] = entry
            _ = apply(step, bot: bot, registry: &registry, now: now)
        }
    }

    /// The current figures per bot.
    public func snapshot() -> [UUID: Stats] {
        registry.withLock { registry in
            registry.entries.mapValues { entry in
                let waits = entry.recentWaits.sorted()
                let p95 = waits.isEmpty ? Duration.zero : waits[min(waits.count - 1, Int(Double(waits.count) * 0.95))]
                return Stats(
                    limit: entry.state.limit.current, inFlight: entry.state.inFlight, queued: entry.state.waiting,
                    waitP95Milliseconds: Int(p95.components.seconds * 1000 + p95.components.attoseconds / 1_000_000_000_000_000),
                    pausedUntil: entry.state.pausedUntil)
            }
        }
    }

    // MARK: Acting on steps

    /// Resumes the granted waiters, schedules a wake-up, logs big limit changes. Returns the grants.
    private func apply(_ step: BotAdmissionState.Step, bot: UUID, registry: inout Registry, now: ContinuousClock.Instant) -> [Ticket] {
        guard var entry = registry.entries[bot] else { return step.granted }
        for ticket in step.granted {
            if let enqueued = entry.enqueuedAt.removeValue(forKey: ticket) {
                entry.recentWaits.append(now - enqueued)
                if entry.recentWaits.count > 256 { entry.recentWaits.removeFirst(entry.recentWaits.count - 256) }
            }
            if let waiter = entry.waiters.removeValue(forKey: ticket) {
                waiter.resume(returning: true)
            } else {
                entry.grantedEarly.insert(ticket)
            }
        }
        if let change = step.limitChange {
            // One line when the limit moved by half or more since the last line: 429s taught a lower
            // limit, or answers coming back raised it again.
            if change.to * 2 <= entry.loggedLimit || change.to >= entry.loggedLimit * 2 {
                logger.warning("bot concurrency limit changed", metadata: [
                    "bot": "\(bot)", "from": "\(entry.loggedLimit)", "to": "\(change.to)", "queued": "\(entry.state.waiting)",
                ])
                entry.loggedLimit = change.to
            }
        }
        if let wakeAt = step.wakeAt, entry.wakeScheduled.map({ wakeAt < $0 }) ?? true {
            entry.wakeScheduled = wakeAt
            // A timer for a paused or rate-limited bot; it ends after one wake-up.
            Task { [weak self] in
                try? await Task.sleep(until: wakeAt)
                self?.wake(bot: bot, scheduled: wakeAt)
            }
        }
        registry.entries[bot] = entry
        return step.granted
    }

    private func wake(bot: UUID, scheduled: ContinuousClock.Instant) {
        let now = ContinuousClock.now
        registry.withLock { registry in
            guard var entry = registry.entries[bot] else { return }
            if entry.wakeScheduled == scheduled { entry.wakeScheduled = nil }
            let step = entry.state.wake(now: now)
            registry.entries[bot] = entry
            _ = apply(step, bot: bot, registry: &registry, now: now)
        }
    }

    private func waitForGrant(bot: UUID, ticket: Ticket) async -> Bool {
        await withCheckedContinuation { continuation in
            registry.withLock { registry in
                guard var entry = registry.entries[bot] else {
                    continuation.resume(returning: false)
                    return
                }
                if entry.grantedEarly.remove(ticket) != nil {
                    continuation.resume(returning: true)
                } else if entry.enqueuedAt[ticket] == nil {
                    // Withdrawn before the waiter registered.
                    continuation.resume(returning: false)
                } else {
                    entry.waiters[ticket] = continuation
                }
                registry.entries[bot] = entry
            }
        }
    }

    /// The waiter's deadline passed: leave the queue, unless the slot came just now.
    private func withdraw(bot: UUID, ticket: Ticket) {
        let now = ContinuousClock.now
        registry.withLock { registry in
            guard var entry = registry.entries[bot] else { return }
            guard let step = entry.state.withdraw(ticket, now: now) else { return }
            entry.enqueuedAt[ticket] = nil
            entry.waiters.removeValue(forKey: ticket)?.resume(returning: false)
            registry.entries[bot] = entry
            _ = apply(step, bot: bot, registry: &registry, now: now)
        }
    }
}
