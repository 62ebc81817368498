-- The inbound message ledger (exactly one outcome per message) and the reply history analysts query.

CREATE TABLE inbound_messages (
    message_id      text PRIMARY KEY,
    tenant_id       text NOT NULL,
    account_id      text NOT NULL,
    conversation_id text NOT NULL,
    topic           text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset    bigint NOT NULL,
    state           text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'answered', 'published')),
    outcome         text CHECK (outcome IN ('suggestion', 'reply', 'handoff', 'skip', 'dead_letter', 'failed')),
    outcome_reason  text,
    output_id       text,
    output_topic    text,
    output_payload  text,
    attempts        integer NOT NULL DEFAULT 0,
    received_at     timestamptz NOT NULL DEFAULT now(),
    answered_at     timestamptz,
    published_at    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (state = 'received' OR outcome IS NOT NULL),
    CHECK (output_payload IS NULL OR output_id IS NOT NULL)
);
CREATE INDEX inbound_messages_conversation ON inbound_messages (tenant_id, conversation_id, received_at);
CREATE INDEX inbound_messages_unfinished ON inbound_messages (received_at) WHERE state <> 'published';
COMMENT ON TABLE inbound_messages IS 'Every accepted cs.inbound message and its one outcome. A redelivered message whose output is stored is re-published from here, never answered twice.';
COMMENT ON COLUMN inbound_messages.state IS 'received: being worked on; answered: outcome and output stored, not yet confirmed on Kafka; published: done.';
COMMENT ON COLUMN inbound_messages.outcome IS 'suggestion, reply, handoff, skip (mode off, paused, merged into a burst: see outcome_reason), dead_letter, failed (assist: suggestion failed).';
COMMENT ON COLUMN inbound_messages.output_id IS 'suggestion_id or reply_id of the output record.';
COMMENT ON COLUMN inbound_messages.output_payload IS 'The exact JSON published, so redelivery re-sends the same bytes.';
COMMENT ON COLUMN inbound_messages.kafka_offset IS 'Where the message was read: topic, kafka_partition, kafka_offset.';

CREATE TRIGGER inbound_messages_updated_at BEFORE UPDATE ON inbound_messages FOR EACH ROW EXECUTE FUNCTION aics_set_updated_at();

CREATE TABLE reply_history (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    output_id           text NOT NULL UNIQUE,
    tenant_id           text NOT NULL,
    account_id          text NOT NULL,
    conversation_id     text NOT NULL,
    message_ids         text[] NOT NULL,
    bot_id              uuid,
    mode                text NOT NULL CHECK (mode IN ('assist', 'hosted', 'auto')),
    provider            text CHECK (provider IN ('dify', 'openai', 'local')),
    kind                text NOT NULL CHECK (kind IN ('suggestion', 'answer', 'fallback', 'handoff')),
    outcome             text NOT NULL CHECK (outcome IN ('suggestion', 'reply', 'handoff', 'failed')),
    reason              text,
    question            text NOT NULL,
    answer              text,
    sources             jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sources) = 'array'),
    provider_latency_ms integer,
    total_latency_ms    integer,
    prompt_tokens       integer,
    completion_tokens   integer,
    total_tokens        integer,
    provider_message_id text,
    provider_request_id text,
    agent_id            text,
    feedback            text CHECK (feedback IN ('sent_as_is', 'edited', 'dismissed')),
    feedback_text       text,
    feedback_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reply_history_tenant_time ON reply_history (tenant_id, created_at);
CREATE INDEX reply_history_conversation ON reply_history (tenant_id, conversation_id, created_at);
CREATE INDEX reply_history_bot_time ON reply_history (bot_id, created_at);
COMMENT ON TABLE reply_history IS 'One row per answer or suggestion aics produced (also handoffs and failures). Analysts: filter by tenant_id and created_at first; both are indexed.';
COMMENT ON COLUMN reply_history.output_id IS 'suggestion_id or reply_id as published on Kafka.';
COMMENT ON COLUMN reply_history.message_ids IS 'The customer message ids answered (several when a burst was merged).';
COMMENT ON COLUMN reply_history.bot_id IS 'The bot asked; no foreign key so history outlives deleted bots.';
COMMENT ON COLUMN reply_history.mode IS 'The binding mode in effect: assist, hosted or auto.';
COMMENT ON COLUMN reply_history.kind IS 'suggestion (assist), answer (bot reply), fallback (binding fallback text), handoff (to a human).';
COMMENT ON COLUMN reply_history.outcome IS 'suggestion, reply, handoff, or failed (no answer could be obtained in assist mode).';
COMMENT ON COLUMN reply_history.reason IS 'Why a handoff, fallback or failure happened, e.g. keyword, no_answer, provider_failed, reply_timeout.';
COMMENT ON COLUMN reply_history.question IS 'The customer text asked (merged messages joined by newlines).';
COMMENT ON COLUMN reply_history.sources IS 'Array of {"title", "snippet", "score", "document_id"} the answer rests on.';
COMMENT ON COLUMN reply_history.provider_latency_ms IS 'Time spent waiting for the provider.';
COMMENT ON COLUMN reply_history.total_latency_ms IS 'From the customer message reaching aics to the output being produced.';
COMMENT ON COLUMN reply_history.feedback IS 'What the agent did with a suggestion: sent_as_is, edited (see feedback_text) or dismissed; NULL: no feedback yet.';
