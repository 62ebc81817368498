import Catalog
import Conversations
import Foundation
import Kafka
import Logging
import Providers
import Synchronization

/// Everything that happens to one accepted customer message: ledger, routing, the provider,
/// the output stored and then published, the history row. Errors it throws are infrastructure
/// errors (Postgres, Kafka); the caller retries the message later.
public final class MessageHandler: Sendable {
    let catalog: any WorkerCatalog
    let factory: any ProviderFactory
    let cache: ConfigCache
    let ledger: Ledger
    let caller: ProviderCaller
    let producer: KafkaProducer
    let history: BatchWriter<HistoryEntry>
    let published: BatchWriter<Ledger.MessageKey>
    let topics: WorkerTopics
    let bursts: BurstStore
    let budget: AttemptBudget
    /// A bot without a max concurrency of its own gets this (the worker's --max-in-flight).
    let defaultMaxConcurrency: Int
    let metrics: PipelineMetrics
    let logger: Logger
    /// Bots this worker already reported as unusable (one error line each).
    private let reportedBots = Mutex<Set<UUID>>([])

    public init(
        catalog: any WorkerCatalog, factory: any ProviderFactory, cache: ConfigCache, ledger: Ledger, caller: ProviderCaller,
        producer: KafkaProducer, history: BatchWriter<HistoryEntry>, published: BatchWriter<Ledger.MessageKey>, topics: WorkerTopics,
        budget: AttemptBudget = AttemptBudget(), defaultMaxConcurrency: Int = 4000, metrics: PipelineMetrics? = nil, logger: Logger
    ) {
        self.catalog = catalog
        self.factory = factory
        self.cache = cache
        self.ledger = ledger
        self.caller = caller
        self.producer = producer
        self.history = history
        self.published = published
        self.topics = topics
        self.bursts = BurstStore(pool: ledger.pool)
        self.budget = budget
        self.defaultMaxConcurrency = defaultMaxConcurrency
        self.metrics = metrics ?? caller.metrics
        self.logger = logger
    }

    /// Gives the message its outcome. Returns true when the outcome is complete only once
    /// `historyWritten` is called (a history row is queued); false when it is complete now.
    /// `countAttempt`: this try spends one of the message's attempts (false after an outage).
    ///
    /// Split in three steps so that what stays allocated while the provider thinks (often
    /// seconds, for thousands of messages at once) is small: every async function's frame lives
    /// until it returns, and only this one and `reply`'s are on the stack during the wait.
    public func handle(
        _ message: InboundMessage, record: KafkaMessage, countAttempt: Bool = true, lending: SlotLending = SlotLending(),
        historyWritten: @escaping @Sendable () -> Void
    ) async throws -> Bool {
        let started = ContinuousClock.now
        switch try await plan(message, record: record, countAttempt: countAttempt, historyWritten: historyWritten) {
        case .finished(let deferred):
            return deferred
        case .reply(let planned):
            let reply = try await self.reply(planned, lending: lending)
            return try await deliver(reply, planned: planned, record: record, started: started, historyWritten: historyWritten)
        }
    }

    /// Answers a burst whose merge window closed (`BurstService`): one question of every member
    /// (oldest first), one output listing every message id; the members but the newest are
    /// recorded as merged in the same statement. Returns like `handle`.
    public func answerBurst(_ members: [BurstMember], historyWritten: @escaping @Sendable () -> Void) async throws -> Bool {
        guard let newest = members.last else { return false }
        let started = ContinuousClock.now
        let messages = members.map(\.message)
        // The newest member's claim counts the burst's attempts and reads the conversation.
        let claimed = try await ledger.claim(
            newest.message, topic: newest.topic, partition: newest.partition, offset: newest.offset, counted: true)
        switch claimed.claim {
        case .finished:
            return false
        case .republish(let stored):
            let recovered = HistoryRecord.recovered(from: stored, messages: messages)
            try await publish(stored, message: newest.message, record: nil, historyFollows: recovered != nil)
            guard let recovered else { return false }
            history.append(HistoryEntry(record: recovered, written: historyWritten))
            return true
        case .work where budget.isExhausted(attempts: claimed.attempts):
            let reason = budget.reason(lastError: claimed.lastError)
            for message in messages { try await ledger.recordExhausted(message, reason: reason) }
            metrics.finished(.failed)
            logger.error("burst gave up after its attempt budget", metadata: newest.message.logMetadata.merging(["messages": "\(messages.count)"]) { $1 })
            return false
        case .work:
            break
        }
        let binding = try await cache.binding(
            tenantID: newest.message.tenantID, accountID: newest.message.accountID, conversationID: newest.message.conversationID, catalog: catalog)
        switch try await route(messages, binding: binding, claimed: claimed) {
        case .finished(let deferred):
            return deferred
        case .reply(let planned):
            let reply = try await self.reply(planned, lending: SlotLending())
            return try await deliver(reply, planned: planned, record: nil, started: started, historyWritten: historyWritten)
        }
    }

    /// A message that gets an output: who answers, how, and the provider's memory of the conversation.
    private struct Planned: Sendable {
        enum Action: Sendable {
            case handoff(reason: String)
            case ask(Behaviour)
        }

        /// The message, or a burst's messages oldest first.
        var messages: [InboundMessage]
        var bot: Bot
        var binding: Binding
        var action: Action
        /// The provider's memory of the conversation, per bot (each bot of a failover chain keeps its own).
        var memories: [UUID: ProviderMemory]
        /// The tenant's content rules.
        var rules: [ContentRule] = []
        /// The question after the input rules' replacements (nil: the messages as written).
        var screenedQuestion: String? = nil
        /// The input rules that fired, for the history.
        var inputRules: String? = nil

        var newest: InboundMessage { messages[messages.count - 1] }
        var messageIDs: [String] { messages.map(\.messageID) }
        /// The customer's words: a burst's messages joined by newlines.
        var question: String { messages.map(\.text).joined(separator: "\n") }
        /// The burst's members other than the newest (recorded as merged with its output).
        var merged: [String] { messages.dropLast().map(\.messageID) }
    }

    private enum Plan: Sendable {
        /// The outcome is recorded (true: once the history row is written).
        case finished(deferred: Bool)
        case reply(Planned)
    }

    /// The ledger claim and routing: unknown tenants, redeliveries, skips end here.
    private func plan(
        _ message: InboundMessage, record: KafkaMessage, countAttempt: Bool, historyWritten: @escaping @Sendable () -> Void
    ) async throws -> Plan {
        guard try await cache.tenantExists(message.tenantID, catalog: catalog) else {
            let rejection = InboundRejection(.unknownTenant, "tenant \(message.tenantID) has no bots or bindings")
            try await deadLetter(record, rejection, message: message)
            metrics.finished(.deadLetter)
            try await ledger.recordDeadLetter(message, topic: record.topic, partition: record.partition, offset: record.offset, reason: rejection.message)
            return .finished(deferred: false)
        }
        let claimed = try await ledger.claim(
            message, topic: record.topic, partition: record.partition, offset: record.offset, counted: countAttempt)
        switch claimed.claim {
        case .finished:
            metrics.finished(.redelivered)
            return .finished(deferred: false)
        case .republish(let stored):
            let recovered = HistoryRecord.recovered(from: stored, message: message)
            try await publish(stored, message: message, record: record, historyFollows: recovered != nil)
            metrics.finished(.redelivered)
            guard let recovered else { return .finished(deferred: false) }
            history.append(HistoryEntry(record: recovered, written: historyWritten))
            return .finished(deferred: true)
        case .work where budget.isExhausted(attempts: claimed.attempts):
            try await giveUp(message, record: record, lastError: claimed.lastError)
            return .finished(deferred: false)
        case .work where claimed.inBurst:
            // Redelivered after it joined a burst: the burst answers it.
            return .finished(deferred: false)
        case .work:
            break
        }
        let binding = try await cache.binding(
            tenantID: message.tenantID, accountID: message.accountID, conversationID: message.conversationID, catalog: catalog)
        if let binding, binding.mergeWindow > .zero, binding.mode != .off, binding.botID != nil, message.contentType == "text" {
            // Bursts: the message waits (durably) for the window to close; `BurstService` answers the burst.
            try await bursts.join(message, topic: record.topic, partition: record.partition, offset: record.offset, window: binding.mergeWindow)
            return .finished(deferred: false)
        }
        return try await route([message], binding: binding, claimed: claimed)
    }

    /// Routing and the bot: skips end here, everything else gets an output.
    private func route(_ messages: [InboundMessage], binding: Binding?, claimed: Ledger.Claimed) async throws -> Plan {
        let newest = messages[messages.count - 1]
        var action: Planned.Action
        let view = claimed.conversation
        let facts = ConversationRoute.Facts(
            contentType: newest.contentType, text: messages.map(\.text).joined(separator: "\n"), control: view.control,
            agentOnline: view.agentOnline, now: view.databaseNow)
        var rules: [ContentRule] = []
        var screened: ContentScreen.Result?
        switch ConversationRoute.decide(binding: binding, facts: facts) {
        case .skip(let reason):
            for message in messages { try await ledger.recordSkip(message, reason: reason) }
            metrics.finished(.skip, mode: binding?.mode)
            return .finished(deferred: false)
        case .handoff(let reason): action = .handoff(reason: reason)
        case .ask(let behaviour):
            action = .ask(behaviour)
            rules = try await cache.contentRules(tenantID: newest.tenantID, catalog: catalog)
            if !rules.isEmpty {
                let result = ContentScreen.screen(facts.text, rules: rules, target: .input)
                screened = result
                switch result.verdict {
                case .pass: break
                case .block(let rule):
                    for message in messages { try await ledger.recordSkip(message, reason: "content_rule: \(rule.label)") }
                    metrics.finished(.skip, mode: binding?.mode)
                    return .finished(deferred: false)
                case .handoff: action = .handoff(reason: "content_rule")
                }
            }
        }
        // A binding only ever names a bot of its own tenant; the check keeps that a wall even if a row says otherwise.
        guard let binding, let botID = binding.botID, let bot = try await cache.bot(id: botID, tenantID: newest.tenantID, catalog: catalog),
              bot.tenantID == newest.tenantID else {
            for message in messages { try await ledger.recordSkip(message, reason: "bot_missing") }
            metrics.finished(.skip, mode: binding?.mode)
            return .finished(deferred: false)
        }
        var planned = Planned(messages: messages, bot: bot, binding: binding, action: action, memories: claimed.memories, rules: rules)
        if let screened {
            planned.inputRules = screened.label
            if case .pass(let text) = screened.verdict, text != facts.text { planned.screenedQuestion = text }
        }
        return .reply(planned)
    }

    /// What to send, and what the provider said.
    private struct Reply: Sendable {
        var draft: ReplyPlanner.Draft
        var mode: Mode
        /// The bot that answered; when none did, the last one asked (the binding's bot for a handoff).
        var bot: Bot
        /// Failover: the bots passed over before `bot`, in order.
        var skipped: [Output.SkippedBot] = []
        /// auto mode: the suggestion goes out as a reply after this long without an agent.
        var replyTimeout: Duration? = nil
        /// The content rules that fired (input and output), for the history.
        var contentRule: String? = nil
        var answer: ProviderAnswer?
        var providerLatency: Duration?
    }

    /// Asks the bot (unless the route is a handoff) and drafts the output.
    private func reply(_ planned: Planned, lending: SlotLending) async throws -> Reply {
        switch planned.action {
        case .handoff(let reason):
            let draft = ReplyPlanner.Draft(kind: .handoff, reason: reason, text: "", sources: [])
            return Reply(draft: draft, mode: planned.binding.mode == .assist ? .assist : .hosted, bot: planned.bot, contentRule: planned.inputRules)
        case .ask(let behaviour):
            let mode = behaviour.effectiveMode
            let askedAt = ContinuousClock.now
            // hosted: a slow answer is preceded by the binding's holding text (awaited before the
            // answer is published, so the customer sees them in that order).
            let holding = (mode == .hosted ? planned.binding.holding : nil).map { holding in
                Task { [self] in
                    do { try await Task.sleep(for: holding.after) } catch { return }
                    await sendHolding(holding.text, planned: planned)
                }
            }
            var asked: Asked
            do {
                asked = Asked(result: try await ask(planned, bot: planned.bot, lending: lending), bot: planned.bot)
                if case .failure = asked.result, !planned.binding.fallbackBotIDs.isEmpty {
                    asked = try await failOver(asked, planned, lending: lending)
                }
            } catch {
                holding?.cancel()
                await holding?.value
                throw error
            }
            holding?.cancel()
            await holding?.value
            let (result, providerLatency) = (asked.result, ContinuousClock.now - askedAt)
            let (draft, output) = ReplyPlanner.screened(
                ReplyPlanner.draft(mode: mode, result: result, fallbackText: planned.binding.fallbackText), mode: mode, rules: planned.rules,
                fallbackText: planned.binding.fallbackText)
            var replyTimeout: Duration?
            if case .assist(let timeout) = behaviour, draft.kind == .suggestion { replyTimeout = timeout }
            let fired = [planned.inputRules, output?.label].compactMap { $0 }
            return Reply(
                draft: draft, mode: mode, bot: asked.bot, skipped: asked.skipped, replyTimeout: replyTimeout,
                contentRule: fired.isEmpty ? nil : fired.joined(separator: ", "), answer: try? result.get(), providerLatency: providerLatency)
        }
    }

    /// Stores the output (and the provider's memory), publishes it and queues its history row.
    /// `record`: the Kafka record of a single message (its trace header goes on); nil for a burst.
    private func deliver(
        _ reply: Reply, planned: Planned, record: KafkaMessage?, started: ContinuousClock.Instant,
        historyWritten: @escaping @Sendable () -> Void
    ) async throws -> Bool {
        let (bot, answer, message) = (reply.bot, reply.answer, planned.newest)
        var draft = reply.draft
        // A handoff carries the binding's text for the customer, if it has one.
        if draft.kind == .handoff, draft.text.isEmpty, let text = planned.binding.handoffText { draft.text = text }
        let output = Output(
            id: OutputID.make(kind: draft.kind, tenantID: message.tenantID, inReplyTo: planned.messageIDs),
            kind: draft.kind, reason: draft.reason, tenantID: message.tenantID, conversationID: message.conversationID,
            inReplyTo: planned.messageIDs, botID: bot.id.uuidString.lowercased(), provider: bot.provider.rawValue,
            text: draft.text, sources: draft.sources, skippedBots: reply.skipped)
        let stored = Ledger.StoredOutput(
            outputID: output.id, topic: topics.topic(for: output.kind), payload: String(decoding: OutputEncoder.encode(output), as: UTF8.self))
        // Dify keeps one conversation id for the whole conversation: store it only when it changed.
        // A provider id Postgres cannot store (U+0000) is not kept: the next turn starts a new
        // provider conversation instead of failing this message.
        let memory = answer?.memory.flatMap { memory in
            memory == planned.memories[bot.id] || !memory.isStorable ? nil : Ledger.MemoryUpdate(
                tenantID: message.tenantID, conversationID: message.conversationID, botID: bot.id, provider: bot.provider.rawValue,
                memory: memory)
        }
        let timer = reply.replyTimeout.map { timeout in
            replyTimer(for: output, after: timeout, planned: planned, bot: bot)
        }
        if let earlier = try await ledger.recordOutput(
            message, outcome: output.kind.ledgerOutcome, reason: draft.reason, output: stored, memory: memory,
            handoffReason: output.kind == .handoff ? draft.reason ?? "handoff" : nil, timer: timer, merged: planned.merged) {
            // Another worker answered first: send its answer, never a second one.
            try await publish(earlier, message: message, record: record, historyFollows: false)
            metrics.finished(.redelivered)
            return false
        }
        try await publish(stored, message: message, record: record, historyFollows: true)
        metrics.finished(
            PipelineMetrics.Outcome(ledger: output.kind.ledgerOutcome), mode: planned.binding.mode == .auto ? .auto : reply.mode,
            provider: bot.provider)
        history.append(HistoryEntry(record: HistoryRecord(
            outputID: output.id, tenantID: message.tenantID, accountID: message.accountID, conversationID: message.conversationID,
            messageIDs: planned.messageIDs, botID: bot.id,
            mode: planned.binding.mode == .auto ? Mode.auto.rawValue : reply.mode.rawValue, provider: bot.provider.rawValue,
            kind: output.kind.historyKind, outcome: output.kind.ledgerOutcome, reason: draft.reason, question: planned.question,
            answer: draft.text.isEmpty ? nil : draft.text, sources: draft.sources,
            providerLatencyMilliseconds: reply.providerLatency?.wholeMilliseconds,
            totalLatencyMilliseconds: (ContinuousClock.now - started).wholeMilliseconds,
            promptTokens: answer?.usage?.input, completionTokens: answer?.usage?.output, totalTokens: answer?.usage?.total,
            providerMessageID: answer?.ids.messageID ?? answer?.ids.responseID, providerRequestID: answer?.ids.requestID,
            agentID: message.agentID, contentRule: reply.contentRule, skippedBots: reply.skipped), written: historyWritten))
        return true
    }

    /// The holding notice (kind holding, its own id per message): best effort, never stored.
    private func sendHolding(_ text: String, planned: Planned) async {
        let message = planned.newest
        let output = Output(
            id: OutputID.make(kind: .holding, tenantID: message.tenantID, inReplyTo: planned.messageIDs), kind: .holding,
            tenantID: message.tenantID, conversationID: message.conversationID, inReplyTo: planned.messageIDs,
            botID: planned.bot.id.uuidString.lowercased(), provider: planned.bot.provider.rawValue, text: text)
        do {
            try await producer.send(
                topic: topics.replies, key: Array(message.conversationID.utf8), value: OutputEncoder.encode(output),
                headers: [KafkaHeader(name: "content-type", value: "application/json"), KafkaHeader(name: "tenant-id", value: message.tenantID)])
            logger.debug("holding message sent", metadata: message.logMetadata)
        } catch {
            logger.warning("holding message not sent", metadata: message.logMetadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// auto mode: the suggestion as a reply to the customer (kind answer, reason reply_timeout, its
    /// own id), stored with it and sent by `ReplyTimerService` unless an agent writes first.
    private func replyTimer(for suggestion: Output, after timeout: Duration, planned: Planned, bot: Bot) -> ReplyTimer {
        var reply = suggestion
        reply.kind = .answer
        reply.reason = "reply_timeout"
        reply.id = OutputID.make(kind: .answer, tenantID: suggestion.tenantID, inReplyTo: suggestion.inReplyTo, purpose: "reply_timeout")
        return ReplyTimer(
            delay: timeout, replyID: reply.id, replyTopic: topics.replies,
            replyPayload: String(decoding: OutputEncoder.encode(reply), as: UTF8.self), messageIDs: suggestion.inReplyTo,
            botID: bot.id, provider: suggestion.provider, question: planned.question,
            answer: suggestion.text, sources: suggestion.sources, customerAt: Timestamps.parse(planned.newest.sentAt),
            takeoverPause: planned.binding.takeoverPause)
    }

    /// Sends a record aics cannot accept to the dead-letter topic and waits for the broker's ack.
    /// `message`: the record as decoded, when it could be (its ids go into the log line).
    /// Counts the dead letter by kind; the caller counts the record's outcome.
    public func deadLetter(_ record: KafkaMessage, _ rejection: InboundRejection, message: InboundMessage? = nil) async throws {
        let headers = record.headers.map { (name: $0.name, value: String(decoding: $0.value, as: UTF8.self)) }
        let value = DeadLetter.value(
            topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value,
            headers: headers, rejection: rejection)
        try await producer.send(
            topic: topics.deadLetter, key: record.key.map(DeadLetter.key), value: value,
            headers: [KafkaHeader(name: "content-type", value: "application/json")])
        var metadata: Logger.Metadata = [
            "partition": "\(record.partition)", "offset": "\(record.offset)", "error_kind": "\(rejection.kind.rawValue)", "error": "\(rejection.message)",
        ]
        if let message { metadata.merge(message.logMetadata) { _, ids in ids } }
        metadata["topic"] = "\(record.topic)"
        logger.warning(record.topic == topics.inbound ? "inbound record dead-lettered" : "record dead-lettered", metadata: metadata)
        metrics.deadLettered(rejection.kind)
    }

    /// The message failed on every attempt of its budget: a dead letter saying why, then the
    /// ledger's outcome `failed`, so its offset is committed and nothing waits behind it.
    public func giveUp(_ message: InboundMessage, record: KafkaMessage, lastError: String?) async throws {
        let reason = budget.reason(lastError: lastError)
        try await deadLetter(record, InboundRejection(.attemptsExhausted, reason), message: message)
        do {
            try await ledger.recordExhausted(message, reason: reason)
        } catch where FailureClass.of(error) == .ownFault {
            // The ledger cannot take this message at all (the claim failed the same way): the
            // dead letter is its record.
            logger.warning("could not record the failed message in the ledger", metadata: message.logMetadata.merging(["error": "\(error)"]) { $1 })
        }
        metrics.finished(.failed)
        logger.error("message gave up after its attempt budget", metadata: [
            "tenant": "\(message.tenantID)", "conversation": "\(message.conversationID)", "message": "\(message.messageID)",
            "error": "\(lastError ?? "-")",
        ])
    }

    /// Remembers the error of a failed attempt in the ledger (best effort: the database may be the failure).
    public func noteAttemptFailed(_ message: InboundMessage, error: any Error) async {
        try? await ledger.recordAttemptError(message, error: String(utf8Prefix: "\(error)".storable, maxBytes: 1000))
    }

    /// What asking produced: the answer or the last failure, from which bot, and the bots of
    /// the failover chain passed over before it.
    private struct Asked: Sendable {
        var result: Result<ProviderAnswer, ProviderFailure>
        var bot: Bot
        var skipped: [Output.SkippedBot] = []
    }

    /// After the binding's bot failed: its fallback bots in order while `Failover` says the next
    /// one may help, each looked up only when needed, in the message's tenant. Kept apart from
    /// the first request (which `reply` makes itself) so that a message whose bot answers, the
    /// usual case, holds no extra async frame while the provider thinks.
    private func failOver(_ first: Asked, _ planned: Planned, lending: SlotLending) async throws -> Asked {
        let tenantID = planned.newest.tenantID
        var asked = first
        var fallbacks = planned.binding.fallbackBotIDs[...]
        while case .failure(let failure) = asked.result,
              let reason = Failover.passOver(status: asked.bot.status) ?? Failover.reason(after: failure) {
            // The next bot of the chain that exists in the tenant; a missing one is passed over too.
            var next: Bot?
            while next == nil, let id = fallbacks.popFirst() {
                if let found = try await cache.bot(id: id, tenantID: tenantID, catalog: catalog), found.tenantID == tenantID {
                    next = found
                } else {
                    asked.skipped.append(Output.SkippedBot(botID: id.uuidString.lowercased(), provider: nil, reason: Failover.Reason.botMissing.rawValue))
                    metrics.failedOver(.botMissing)
                }
            }
            guard let next else { break }
            let bot = asked.bot
            asked.skipped.append(Output.SkippedBot(botID: bot.id.uuidString.lowercased(), provider: bot.provider.rawValue, reason: reason.rawValue))
            metrics.failedOver(reason)
            logger.info("failover to the next bot of the binding", metadata: planned.newest.logMetadata.merging([
                "bot": "\(bot.id)", "next_bot": "\(next.id)", "reason": "\(reason.rawValue)",
            ]) { $1 })
            asked = Asked(result: try await ask(planned, bot: next, lending: lending), bot: next, skipped: asked.skipped)
        }
        return asked
    }

    /// One bot, with its own memory of the conversation. A bot marked unusable is not asked; a
    /// failure of the provider is logged (and may mark the bot).
    private func ask(_ planned: Planned, bot: Bot, lending: SlotLending) async throws -> Result<ProviderAnswer, ProviderFailure> {
        let (binding, message, memory) = (planned.binding, planned.newest, planned.memories[bot.id])
        guard bot.status == .active else {
            return .failure(ProviderFailure(.invalidConfiguration, message: "the bot is \(bot.status.rawValue)" + (bot.statusReason.map { " (\($0))" } ?? "")))
        }
        let provider: any KnowledgeProvider
        do {
            provider = try await cache.provider(for: bot, factory: factory)
        } catch let failure as ProviderFailure {
            await noteFailure(failure, bot: bot, message: message)
            return .failure(failure)
        }
        let question = ProviderQuestion(
            tenantID: message.tenantID, customerID: message.customer.id, messages: planned.screenedQuestion.map { [$0] } ?? planned.messages.map(\.text),
            memory: bot.provider == .local ? nil : memory)
        let admission = ProviderCaller.Admission(
            settings: BotAdmissions.Settings(
                maxConcurrency: bot.limits.maxConcurrency ?? defaultMaxConcurrency, requestsPerSecond: bot.limits.requestsPerSecond),
            patience: binding.patience ?? Binding.defaultPatience, willWait: lending.willWait, didWait: lending.didWait)
        let result = await caller.ask(provider, botID: bot.id, question: question, admission: admission, kind: bot.provider)
        if case .failure(let failure) = result { await noteFailure(failure, bot: bot, message: message) }
        return result
    }

    /// Sends the stored output and marks the message published: by the history statement when a
    /// history row follows, else by the published writer.
    private func publish(_ stored: Ledger.StoredOutput, message: InboundMessage, record: KafkaMessage?, historyFollows: Bool) async throws {
        var headers = [KafkaHeader(name: "content-type", value: "application/json"), KafkaHeader(name: "tenant-id", value: message.tenantID)]
        if let traceparent = record?.header("traceparent") { headers.append(KafkaHeader(name: "traceparent", value: traceparent)) }
        try await producer.send(topic: stored.topic, key: Array(message.conversationID.utf8), value: Array(stored.payload.utf8), headers: headers)
        if !historyFollows { published.append(Ledger.MessageKey(tenantID: message.tenantID, messageID: message.messageID)) }
    }

    /// One log line per failure; quota and configuration failures also mark the bot.
    private func noteFailure(_ failure: ProviderFailure, bot: Bot, message: InboundMessage) async {
        let metadata: Logger.Metadata = [
            "tenant": "\(message.tenantID)", "conversation": "\(message.conversationID)", "message": "\(message.messageID)",
            "bot": "\(bot.id)", "failure": "\(failure.kind.rawValue)", "status": "\(failure.status.map(String.init) ?? "-")",
        ]
        let status: Bot.Status? = switch failure.kind {
        case .quotaExhausted: .quotaExhausted
        case .invalidConfiguration where bot.status == .active: .credentialsInvalid
        default: nil
        }
        guard let status else {
            logger.warning("provider failed", metadata: metadata)
            return
        }
        let first = reportedBots.withLock { $0.insert(bot.id).inserted }
        if first {
            logger.error("bot marked \(status.rawValue); it is not asked again until an operator fixes it", metadata: metadata)
        } else {
            logger.warning("provider failed", metadata: metadata)
        }
        do {
            try await catalog.setStatus(botID: bot.id, status, reason: ReplyPlanner.readable(failure))
        } catch {
            logger.warning("could not mark the bot", metadata: ["bot": "\(bot.id)", "error": "\(error)"])
        }
    }
}
