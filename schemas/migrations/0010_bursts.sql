-- Bursts: customer messages of one conversation within the binding's merge window become one
-- question and one output. Messages wait here (durably: their offsets are committed once they
-- are in) until the window closes; then any worker answers the burst once.

CREATE TABLE bursts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       text NOT NULL,
    conversation_id text NOT NULL,
    due_at          timestamptz NOT NULL,
    state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answering', 'done')),
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    done_at         timestamptz
);
CREATE INDEX bursts_due ON bursts (due_at) WHERE state <> 'done';
CREATE INDEX bursts_conversation ON bursts (tenant_id, conversation_id, id) WHERE state <> 'done';
COMMENT ON TABLE bursts IS 'Customer messages of one conversation merged into one question: open until due_at (the first message plus the binding''s merge window), then answered once by any worker (answering, with a lease), then done. A conversation''s bursts are answered in order.';

CREATE TABLE burst_messages (
    tenant_id       text NOT NULL,
    message_id      text NOT NULL,
    burst_id        bigint NOT NULL REFERENCES bursts (id) ON DELETE CASCADE,
    message         jsonb NOT NULL,
    topic           text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset    bigint NOT NULL,
    joined_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_id)
);
CREATE INDEX burst_messages_burst ON burst_messages (burst_id, joined_at);
COMMENT ON TABLE burst_messages IS 'The messages of each burst, oldest first by joined_at; a message joins one burst only (its ledger row says merged or carries the burst''s output once answered).';
COMMENT ON COLUMN burst_messages.message IS 'The accepted cs.inbound message (the fields aics reads), to answer it after the window without Kafka.';
