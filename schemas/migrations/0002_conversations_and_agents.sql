-- Per-conversation state, the providers' conversation memory, and agents' presence.

CREATE TABLE conversation_state (
    tenant_id                text NOT NULL,
    conversation_id          text NOT NULL,
    account_id               text NOT NULL,
    agent_id                 text,
    paused_until             timestamptz,
    taken_over_by            text,
    taken_over_at            timestamptz,
    last_customer_message_at timestamptz,
    last_agent_message_at    timestamptz,
    last_bot_reply_at        timestamptz,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, conversation_id)
);
COMMENT ON TABLE conversation_state IS 'What aics knows about one chat conversation: who serves it, takeover pauses, last activity.';
COMMENT ON COLUMN conversation_state.agent_id IS 'The agent assigned to the conversation, as last reported by the chat platform.';
COMMENT ON COLUMN conversation_state.paused_until IS 'Automatic replies are paused until this time (human takeover); NULL or past: not paused.';
COMMENT ON COLUMN conversation_state.taken_over_by IS 'Agent who took the conversation over explicitly (conversation_takeover event); NULL after release.';

CREATE TRIGGER conversation_state_updated_at BEFORE UPDATE ON conversation_state FOR EACH ROW EXECUTE FUNCTION aics_set_updated_at();

CREATE TABLE conversation_memory (
    tenant_id       text NOT NULL,
    conversation_id text NOT NULL,
    bot_id          uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    provider        text NOT NULL CHECK (provider IN ('dify', 'openai', 'local')),
    memory          jsonb NOT NULL CHECK (jsonb_typeof(memory) = 'object'),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, conversation_id, bot_id)
);
COMMENT ON TABLE conversation_memory IS 'The provider''s memory of a conversation, per bot, handed back on the next question.';
COMMENT ON COLUMN conversation_memory.memory IS 'dify: {"conversation_id": ...}; openai: {"previous_response_id": ...}.';

CREATE TRIGGER conversation_memory_updated_at BEFORE UPDATE ON conversation_memory FOR EACH ROW EXECUTE FUNCTION aics_set_updated_at();

CREATE TABLE agent_presence (
    tenant_id  text NOT NULL,
    agent_id   text NOT NULL,
    status     text NOT NULL CHECK (status IN ('online', 'away', 'offline')),
    event_at   timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, agent_id)
);
COMMENT ON TABLE agent_presence IS 'Last known status of each agent, from agent_status events on cs.agent-events.';
COMMENT ON COLUMN agent_presence.event_at IS 'When the chat platform observed the status; older events do not overwrite newer ones.';
