-- Bots and bindings: the configuration every worker caches. Changes are announced with
-- NOTIFY on channel aics_config so that workers refresh their caches within a second.
-- Applied by `aics migrate` inside one transaction; no BEGIN/COMMIT here.

CREATE FUNCTION aics_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- Payload: {"schema", "table", "op", "id", "tenant_id"}; never any setting or secret.
CREATE FUNCTION aics_notify_config() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    affected record;
BEGIN
    IF TG_OP = 'DELETE' THEN affected := OLD; ELSE affected := NEW; END IF;
    PERFORM pg_notify('aics_config', json_build_object(
        'schema', TG_TABLE_SCHEMA,
        'table', TG_TABLE_NAME,
        'op', TG_OP,
        'id', affected.id,
        'tenant_id', affected.tenant_id
    )::text);
    RETURN NULL;
END $$;

CREATE TABLE bots (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           text NOT NULL,
    name                text NOT NULL,
    provider            text NOT NULL CHECK (provider IN ('dify', 'openai', 'local')),
    settings            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    secrets             bytea,
    secrets_key_id      text,
    secrets_key_version integer,
    status              text NOT NULL DEFAULT 'active'
                        CHECK (status IN ('active', 'disabled', 'quota_exhausted', 'credentials_invalid')),
    status_reason       text,
    status_changed_at   timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name),
    CHECK ((secrets IS NULL) = (secrets_key_id IS NULL)),
    CHECK ((secrets IS NULL) = (secrets_key_version IS NULL))
);
COMMENT ON TABLE bots IS 'One bot per row: a tenant''s Dify app, OpenAI vector store or local knowledge base.';
COMMENT ON COLUMN bots.provider IS 'dify, openai or local.';
COMMENT ON COLUMN bots.settings IS 'Non-secret provider settings, e.g. {"base_url", "response_mode", "dataset_ids"} for dify, {"model", "vector_store_ids", "instructions", "base_url"} for openai, {"threshold"} for local.';
COMMENT ON COLUMN bots.secrets IS 'Provider API keys, encrypted by aics with the operator''s key; never readable in plain text here.';
COMMENT ON COLUMN bots.secrets_key_id IS 'Which operator key encrypted secrets (for key rotation).';
COMMENT ON COLUMN bots.secrets_key_version IS 'Version of the encryption format/key used for secrets.';
COMMENT ON COLUMN bots.status IS 'active; disabled by an operator; quota_exhausted or credentials_invalid when the provider said so (the worker stops asking until fixed).';
COMMENT ON COLUMN bots.status_reason IS 'Human-readable reason of the last status change, e.g. the provider''s error code.';

CREATE TRIGGER bots_updated_at BEFORE UPDATE ON bots FOR EACH ROW EXECUTE FUNCTION aics_set_updated_at();
CREATE TRIGGER bots_notify AFTER INSERT OR UPDATE OR DELETE ON bots FOR EACH ROW EXECUTE FUNCTION aics_notify_config();

CREATE TABLE bindings (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         text NOT NULL,
    account_id        text NOT NULL,
    conversation_id   text,
    bot_id            uuid REFERENCES bots (id) ON DELETE RESTRICT,
    mode              text NOT NULL CHECK (mode IN ('off', 'assist', 'hosted', 'auto')),
    fallback_text     text,
    handoff_keywords  text[] NOT NULL DEFAULT '{}',
    merge_window_ms   integer NOT NULL DEFAULT 0 CHECK (merge_window_ms BETWEEN 0 AND 600000),
    reply_timeout_ms  integer CHECK (reply_timeout_ms > 0),
    takeover_pause_ms integer NOT NULL DEFAULT 1800000 CHECK (takeover_pause_ms >= 0),
    working_hours     jsonb CHECK (working_hours IS NULL OR jsonb_typeof(working_hours) = 'object'),
    settings          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (mode = 'off' OR bot_id IS NOT NULL)
);
-- One account-wide binding per account, one override per conversation.
CREATE UNIQUE INDEX bindings_account_key ON bindings (tenant_id, account_id) WHERE conversation_id IS NULL;
CREATE UNIQUE INDEX bindings_conversation_key ON bindings (tenant_id, conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX bindings_bot ON bindings (bot_id);
COMMENT ON TABLE bindings IS 'Attaches a bot to a tenant''s account (conversation_id NULL) or overrides it for one conversation (conversation_id set; the most specific row wins).';
COMMENT ON COLUMN bindings.mode IS 'off: silent; assist: suggestions for the agent; hosted: automatic replies; auto: hosted when no agent is online or outside working hours, else assist with auto-reply after reply_timeout_ms.';
COMMENT ON COLUMN bindings.fallback_text IS 'Sent to the customer in hosted mode when no answer could be obtained; NULL means hand off instead.';
COMMENT ON COLUMN bindings.handoff_keywords IS 'Customer phrases that ask for a human (e.g. 转人工) and yield a handoff.';
COMMENT ON COLUMN bindings.merge_window_ms IS 'Customer messages arriving within this window are merged into one question (0: no merging).';
COMMENT ON COLUMN bindings.reply_timeout_ms IS 'auto mode: when no agent replied within this time after the customer, the suggestion is sent as a reply.';
COMMENT ON COLUMN bindings.takeover_pause_ms IS 'After an agent writes in a conversation, automatic replies pause there for this long.';
COMMENT ON COLUMN bindings.working_hours IS 'e.g. {"timezone": "Asia/Shanghai", "days": {"mon": [["09:00", "18:00"]], ...}}; NULL: always working hours.';

CREATE TRIGGER bindings_updated_at BEFORE UPDATE ON bindings FOR EACH ROW EXECUTE FUNCTION aics_set_updated_at();
CREATE TRIGGER bindings_notify AFTER INSERT OR UPDATE OR DELETE ON bindings FOR EACH ROW EXECUTE FUNCTION aics_notify_config();
