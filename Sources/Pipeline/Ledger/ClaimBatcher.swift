import Postgres
import Synchronization

/// Group commit for ledger claims: claims that arrive while earlier ones are being written are
/// gathered and written together in one statement (unnest arrays), each caller resumed with its
/// own result. No timer: a lone claim is written at once, so latency never grows; under load
/// the batches grow by themselves. At most `maxWriters` statements run at a time.
final class ClaimBatcher: Sendable {
    struct Request: Sendable {
        var message: InboundMessage
        var topic: String
        var partition: Int32
        var offset: Int64
    }

    private struct Waiting {
        var request: Request
        var continuation: CheckedContinuation<Ledger.Claim, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writers = 0
    }

    private let state = Mutex(State())
    private let pool: PostgresPool
    private let batchSize: Int
    private let maxWriters: Int

    init(pool: PostgresPool, batchSize: Int = 256, maxWriters: Int = 2) {
        self.pool = pool
        self.batchSize = batchSize
        self.maxWriters = maxWriters
    }

    /// Claims one message; returns when the statement holding it finished.
    func claim(_ request: Request) async throws -> Ledger.Claim {
        try await withCheckedThrowingContinuation { continuation in
            let startWriter = state.withLock { state in
                state.waiting.append(Waiting(request: request, continuation: continuation))
                guard state.writers < maxWriters else { return false }
                state.writers += 1
                return true
            }
            // The writer ends as soon as nothing waits, so it never outlives the claims it serves.
            if startWriter { Task { await self.writeUntilEmpty() } }
        }
    }

    private func writeUntilEmpty() async {
        while true {
            let batch: [Waiting] = state.withLock { state in
                // One message id at most once per statement (a second copy waits for the next one,
                // so it sees the first copy's row).
                var seen = Set<String>()
                var batch: [Waiting] = []
                var rest: [Waiting] = []
                for waiting in state.waiting {
                    if batch.count < batchSize, seen.insert(waiting.request.message.messageID).inserted {
                        batch.append(waiting)
                    } else {
                        rest.append(waiting)
                    }
                }
                state.waiting = rest
                if batch.isEmpty { state.writers -= 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let claims = try await write(batch.map(\.request))
                for waiting in batch {
                    waiting.continuation.resume(returning: claims[waiting.request.message.messageID] ?? .work)
                }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }

    /// Inserts the new messages (state received) and reads what is stored for the others.
    private func write(_ requests: [Request]) async throws -> [String: Ledger.Claim] {
        let rows = try await pool.query("""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::bigint[])
                    AS t(message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset)
            ),
            inserted AS (
                INSERT INTO inbound_messages (message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset)
                SELECT message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset FROM input
                ON CONFLICT (message_id) DO NOTHING
                RETURNING message_id
            )
            SELECT message_id, true, NULL::text, NULL::text, NULL::text, NULL::text FROM inserted
            UNION ALL
            SELECT m.message_id, false, m.outcome, m.output_id, m.output_topic, m.output_payload
            FROM inbound_messages m JOIN input USING (message_id)
            """, [
                requests.map(\.message.messageID), requests.map(\.message.tenantID), requests.map(\.message.accountID),
                requests.map(\.message.conversationID), requests.map(\.topic), requests.map { Int($0.partition) },
                requests.map { Int($0.offset) },
            ])
        var claims: [String: Ledger.Claim] = [:]
        for row in rows {
            let messageID: String = try row.decode(0)
            if try row.decode(1, as: Bool.self) {
                claims[messageID] = .work
            } else {
                claims[messageID] = try Ledger.claim(from: row, offset: 2)
            }
        }
        return claims
    }
}
