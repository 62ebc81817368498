import Postgres

/// Stored outputs as group commits: the outputs (and the provider memories that come with
/// them) of concurrent messages are written by one statement. Each message still gets its own
/// answer: stored now, or the output another worker stored first.
struct OutputBatcher: Sendable {
    struct Request: Sendable {
        var messageID: String
        var outcome: String
        var reason: String?
        var output: Ledger.StoredOutput
        var memory: Ledger.MemoryUpdate?
    }

    private let commit: GroupCommit<Request, Ledger.StoredOutput?>

    init(pool: PostgresPool, batchSize: Int = 256, maxWriters: Int = 4) {
        // One upsert may not touch a memory row twice: such requests wait for the next statement.
        commit = GroupCommit(batchSize: batchSize, maxWriters: maxWriters, keys: { request in
            guard let memory = request.memory else { return [request.messageID] }
            return [request.messageID, "memory\u{0}\(memory.tenantID)\u{0}\(memory.conversationID)\u{0}\(memory.botID)"]
        }) { requests in
            try await Self.write(requests, pool: pool)
        }
    }

    /// Nil when this call stored the output; otherwise the output stored earlier.
    func record(_ request: Request) async throws -> Ledger.StoredOutput? {
        try await commit.submit(request)
    }

    private static func write(_ requests: [Request], pool: PostgresPool) async throws -> [Ledger.StoredOutput?] {
        let rows = try await pool.query("""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
                    AS t(message_id, outcome, outcome_reason, output_id, output_topic, output_payload,
                         memory_tenant, memory_conversation, memory_bot, memory_provider, memory)
            ),
            memory AS (
                INSERT INTO conversation_memory (tenant_id, conversation_id, bot_id, provider, memory)
                SELECT memory_tenant, memory_conversation, memory_bot::uuid, memory_provider, memory::jsonb
                FROM input WHERE memory IS NOT NULL
                ON CONFLICT (tenant_id, conversation_id, bot_id) DO UPDATE SET memory = EXCLUDED.memory, provider = EXCLUDED.provider
                RETURNING 1
            )
            UPDATE inbound_messages m
            SET state = 'answered', outcome = i.outcome, outcome_reason = i.outcome_reason, output_id = i.output_id,
                output_topic = i.output_topic, output_payload = i.output_payload, answered_at = now(), attempts = m.attempts + 1
            FROM input i
            WHERE m.message_id = i.message_id AND m.outcome IS NULL
            RETURNING m.message_id
            """, [
                requests.map(\.messageID), requests.map(\.outcome), requests.map(\.reason), requests.map(\.output.outputID),
                requests.map(\.output.topic), requests.map(\.output.payload),
                requests.map(\.memory?.tenantID), requests.map(\.memory?.conversationID),
                requests.map { $0.memory?.botID.uuidString.lowercased() }, requests.map(\.memory?.provider),
                requests.map { $0.memory.map { Ledger.json($0.memory) } },
            ])
        var stored = Set<String>()
        for row in rows { stored.insert(try row.decode(0, as: String.self)) }
        let others = requests.map(\.messageID).filter { !stored.contains($0) }
        guard !others.isEmpty else { return requests.map { _ in nil } }
        // Another worker (or an earlier attempt) stored an outcome first: hand back that output.
        let existing = try await pool.query(
            "SELECT message_id, false, outcome, output_id, output_topic, output_payload FROM inbound_messages WHERE message_id = ANY($1::text[])",
            [others])
        var earlier: [String: Ledger.StoredOutput] = [:]
        for row in existing {
            if case .republish(let output) = try Ledger.claim(from: row, offset: 2) { earlier[try row.decode(0)] = output }
        }
        return try requests.map { request in
            if stored.contains(request.messageID) { return nil }
            guard let output = earlier[request.messageID] else {
                throw LedgerError("message \(request.messageID) has an outcome without a stored output")
            }
            return output
        }
    }
}
