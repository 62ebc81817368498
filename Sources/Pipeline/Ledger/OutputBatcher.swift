import Postgres

/// Stored outputs as group commits: the outputs (and the provider memories that come with
/// them) of concurrent messages are written by one statement. Each message still gets its own
/// answer: stored now, or the output another worker stored first.
struct OutputBatcher: Sendable {
    struct Request: Sendable {
        var tenantID: String
        var messageID: String
        var outcome: String
        var reason: String?
        var output: Ledger.StoredOutput
        var memory: Ledger.MemoryUpdate?
        var conversationID: String
        var accountID: String
        /// A handoff: the conversation is marked handed off and its provider memory dropped.
        var handoffReason: String?
        /// auto mode: the reply timer stored with the suggestion (JSON, `Ledger.ReplyTimer.json`).
        var timerJSON: String?

        var identity: String { Ledger.identity(tenantID: tenantID, messageID: messageID) }
    }

    private let commit: GroupCommit<Request, Ledger.StoredOutput?>

    init(pool: PostgresPool, batchSize: Int = 256, maxWriters: Int = 4) {
        // One upsert may not touch a memory row twice: such requests wait for the next statement.
        // One upsert may not touch a memory or conversation row twice: such requests wait for the next statement.
        commit = GroupCommit(batchSize: batchSize, maxWriters: maxWriters, keys: { request in
            var keys = [request.identity]
            if let memory = request.memory { keys.append("memory\u{0}\(memory.tenantID)\u{0}\(memory.conversationID)\u{0}\(memory.botID)") }
            if request.handoffReason != nil { keys.append("conversation\u{0}\(request.tenantID)\u{0}\(request.conversationID)") }
            return keys
        }) { requests in
            try await Self.write(requests, pool: pool)
        }
    }

    /// Nil when this call stored the output; otherwise the output stored earlier.
    func record(_ request: Request) async throws -> Ledger.StoredOutput? {
        try await commit.submit(request)
    }

    /// Stores the outputs of messages that have none yet and, only for those, the provider
    /// memory: a worker that lost the race must not overwrite the winner's memory with the
    /// memory of an answer nobody will see. In the same statement, for those: a handoff marks its
    /// conversation handed off and drops its provider memory (a new topic starts clean), and an
    /// auto-mode suggestion stores its reply timer, so a suggestion never exists without it.
    private static func write(_ requests: [Request], pool: PostgresPool) async throws -> [Ledger.StoredOutput?] {
        let rows = try await pool.query("""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
                    AS t(tenant_id, message_id, outcome, outcome_reason, output_id, output_topic, output_payload,
                         memory_conversation, memory_bot, memory_provider, memory, conversation_id, account_id, handoff_reason, timer)
            ),
            stored AS (
                UPDATE inbound_messages m
                SET state = 'answered', outcome = i.outcome, outcome_reason = i.outcome_reason, output_id = i.output_id,
                    output_topic = i.output_topic, output_payload = i.output_payload, answered_at = now()
                FROM input i
                WHERE m.tenant_id = i.tenant_id AND m.message_id = i.message_id AND m.outcome IS NULL
                RETURNING m.tenant_id, m.message_id
            ),
            memory AS (
                INSERT INTO conversation_memory (tenant_id, conversation_id, bot_id, provider, memory)
                SELECT i.tenant_id, i.memory_conversation, i.memory_bot::uuid, i.memory_provider, i.memory::jsonb
                FROM input i JOIN stored s ON s.tenant_id = i.tenant_id AND s.message_id = i.message_id
                WHERE i.memory IS NOT NULL
                ON CONFLICT (tenant_id, conversation_id, bot_id) DO UPDATE SET memory = EXCLUDED.memory, provider = EXCLUDED.provider
                RETURNING 1
            ),
            handoff AS (
                INSERT INTO conversation_state (tenant_id, conversation_id, account_id, handed_off_at, handoff_reason)
                SELECT i.tenant_id, i.conversation_id, i.account_id, now(), i.handoff_reason
                FROM input i JOIN stored s ON s.tenant_id = i.tenant_id AND s.message_id = i.message_id
                WHERE i.handoff_reason IS NOT NULL
                ON CONFLICT (tenant_id, conversation_id) DO UPDATE
                SET handed_off_at = GREATEST(conversation_state.handed_off_at, EXCLUDED.handed_off_at),
                    handoff_reason = EXCLUDED.handoff_reason, account_id = EXCLUDED.account_id
                RETURNING 1
            ),
            forgotten AS (
                DELETE FROM conversation_memory cm
                USING input i JOIN stored s ON s.tenant_id = i.tenant_id AND s.message_id = i.message_id
                WHERE i.handoff_reason IS NOT NULL AND cm.tenant_id = i.tenant_id AND cm.conversation_id = i.conversation_id
                RETURNING 1
            ),
            timer AS (
                INSERT INTO reply_timers (tenant_id, account_id, conversation_id, message_ids, suggestion_id, reply_id, reply_topic,
                                          reply_payload, bot_id, provider, question, answer, sources, takeover_pause_ms, customer_at, due_at)
                SELECT i.tenant_id, i.account_id, i.conversation_id, ARRAY(SELECT jsonb_array_elements_text(t.j->'message_ids')),
                       i.output_id, t.j->>'reply_id', t.j->>'reply_topic', t.j->>'reply_payload', (t.j->>'bot_id')::uuid,
                       t.j->>'provider', t.j->>'question', t.j->>'answer', t.j->'sources', (t.j->>'takeover_pause_ms')::integer,
                       coalesce((t.j->>'customer_at')::timestamptz, now()), now() + (t.j->>'delay_ms')::bigint * interval '1 millisecond'
                FROM input i JOIN stored s ON s.tenant_id = i.tenant_id AND s.message_id = i.message_id
                CROSS JOIN LATERAL (SELECT i.timer::jsonb AS j) t
                WHERE i.timer IS NOT NULL
                ON CONFLICT (tenant_id, suggestion_id) DO NOTHING
                RETURNING 1
            )
            SELECT tenant_id, message_id FROM stored
            """, [
                requests.map(\.tenantID), requests.map(\.messageID), requests.map(\.outcome), requests.map(\.reason),
                requests.map(\.output.outputID), requests.map(\.output.topic), requests.map(\.output.payload),
                requests.map(\.memory?.conversationID), requests.map { $0.memory?.botID.uuidString.lowercased() },
                requests.map(\.memory?.provider), requests.map { $0.memory.map { Ledger.json($0.memory) } },
                requests.map(\.conversationID), requests.map(\.accountID), requests.map(\.handoffReason), requests.map(\.timerJSON),
            ])
        var stored = Set<String>()
        for row in rows { stored.insert(Ledger.identity(tenantID: try row.decode(0), messageID: try row.decode(1))) }
        let others = requests.filter { !stored.contains($0.identity) }
        guard !others.isEmpty else { return requests.map { _ in nil } }
        // Another worker (or an earlier attempt) stored an outcome first: hand back that output.
        let existing = try await pool.query("""
            SELECT m.tenant_id, m.message_id, m.outcome, m.output_id, m.output_topic, m.output_payload
            FROM inbound_messages m JOIN unnest($1::text[], $2::text[]) AS i(tenant_id, message_id)
                ON m.tenant_id = i.tenant_id AND m.message_id = i.message_id
            """, [others.map(\.tenantID), others.map(\.messageID)])
        var earlier: [String: Ledger.StoredOutput] = [:]
        for row in existing {
            if case .republish(let output) = try Ledger.claim(from: row, offset: 2) {
                earlier[Ledger.identity(tenantID: try row.decode(0), messageID: try row.decode(1))] = output
            }
        }
        return try requests.map { request in
            if stored.contains(request.identity) { return nil }
            guard let output = earlier[request.identity] else {
                throw LedgerError("message \(request.messageID) of tenant \(request.tenantID) has an outcome without a stored output")
            }
            return output
        }
    }
}
