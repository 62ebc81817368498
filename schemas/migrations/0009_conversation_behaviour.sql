-- Conversation behaviour: agents' events (presence, messages, takeover and release, feedback),
-- auto mode's durable reply timers, handoff silence and content other than text.

-- Times come from cs.agent-events (occurred_at, the chat platform's clock) except handed_off_at
-- (aics's clock). Every column only moves forward, so events applied in any order give the same state.
ALTER TABLE conversation_state ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE conversation_state DROP COLUMN paused_until;
ALTER TABLE conversation_state
    ADD COLUMN released_at    timestamptz,
    ADD COLUMN handed_off_at  timestamptz,
    ADD COLUMN handoff_reason text;
COMMENT ON COLUMN conversation_state.agent_id IS 'The last agent who wrote in the conversation or took it over (cs.agent-events); auto mode asks this agent''s presence when a message names none.';
COMMENT ON COLUMN conversation_state.last_agent_message_at IS 'When an agent last wrote (agent_message): automatic replies pause for the binding''s takeover pause after it, and reply timers of earlier suggestions are cancelled.';
COMMENT ON COLUMN conversation_state.taken_over_at IS 'Newest conversation_takeover: automatic replies pause for the binding''s takeover pause or until a newer release.';
COMMENT ON COLUMN conversation_state.taken_over_by IS 'Agent of the newest takeover; NULL once a newer release came.';
COMMENT ON COLUMN conversation_state.released_at IS 'Newest conversation_release: ends a takeover pause and a handoff that came before it.';
COMMENT ON COLUMN conversation_state.handed_off_at IS 'When aics last handed the conversation to a human: no automatic replies until an agent writes or a release after it.';
COMMENT ON COLUMN conversation_state.handoff_reason IS 'Why: customer_requested_human, no_answer, provider_failing, provider_busy, unsupported_content.';

-- auto mode: the suggestion's reply, sent when no agent wrote within the binding's reply timeout.
CREATE TABLE reply_timers (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         text NOT NULL,
    account_id        text NOT NULL,
    conversation_id   text NOT NULL,
    message_ids       text[] NOT NULL,
    suggestion_id     text NOT NULL,
    reply_id          text NOT NULL,
    reply_topic       text NOT NULL,
    reply_payload     text NOT NULL,
    bot_id            uuid,
    provider          text,
    question          text NOT NULL,
    answer            text NOT NULL,
    sources           jsonb NOT NULL DEFAULT '[]',
    takeover_pause_ms integer NOT NULL,
    customer_at       timestamptz NOT NULL,
    due_at            timestamptz NOT NULL,
    state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'firing', 'sent', 'cancelled')),
    cancel_reason     text,
    lease_until       timestamptz,
    fired_at          timestamptz,
    sent_at           timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, suggestion_id)
);
CREATE INDEX reply_timers_due ON reply_timers (due_at) WHERE state IN ('pending', 'firing');
CREATE INDEX reply_timers_conversation ON reply_timers (tenant_id, conversation_id) WHERE state = 'pending';
COMMENT ON TABLE reply_timers IS 'auto mode: one row per suggestion with a reply timeout. Any worker fires a due timer once (claimed with a lease); an agent''s message, a takeover or a handoff cancels it.';
COMMENT ON COLUMN reply_timers.reply_payload IS 'The exact cs.replies record (kind answer, reason reply_timeout, its own reply_id, the suggestion''s text), stored with the suggestion so that a late or repeated firing sends the same bytes.';
COMMENT ON COLUMN reply_timers.customer_at IS 'When the customer wrote (sent_at of the newest message answered, the chat platform''s clock, like agents'' events): an agent''s message after it cancels the timer.';
COMMENT ON COLUMN reply_timers.state IS 'pending; firing (claimed by a worker until lease_until, then sent); sent; cancelled (see cancel_reason: agent_replied, taken_over, handed_off).';

-- Content other than text is routed, never dead-lettered.
ALTER TABLE bindings ADD COLUMN unsupported_content text NOT NULL DEFAULT 'skip' CHECK (unsupported_content IN ('skip', 'handoff'));
COMMENT ON COLUMN bindings.unsupported_content IS 'Customer messages that are not text (image, file, voice, location, ...): skip (recorded, reason unsupported_content) or handoff.';

-- The agent's feedback on a suggestion.
ALTER TABLE reply_history
    ADD COLUMN feedback_edit_distance integer,
    ADD COLUMN feedback_latency_ms    bigint;
COMMENT ON COLUMN reply_history.feedback_edit_distance IS 'edited: characters inserted, deleted or replaced between the suggestion and the text the agent sent (Levenshtein).';
COMMENT ON COLUMN reply_history.feedback_latency_ms IS 'From the suggestion (created_at) to the feedback event (occurred_at).';
