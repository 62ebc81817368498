-- Content rules: per-tenant sensitive words on customer input and on bot output, with what
-- happens when one occurs (block, replace, hand off). Workers cache them per tenant; a change
-- reaches them through NOTIFY aics_config like bots and bindings.

CREATE TABLE content_rules (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text NOT NULL,
    applies_to  text NOT NULL CHECK (applies_to IN ('input', 'output')),
    word        text NOT NULL CHECK (length(word) BETWEEN 1 AND 200),
    action      text NOT NULL CHECK (action IN ('block', 'replace', 'handoff')),
    replacement text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, applies_to, word)
);
COMMENT ON TABLE content_rules IS 'Sensitive words per tenant (matched case-insensitively anywhere in the text). input: the customer''s message; output: the bot''s answer before it reaches anyone.';
COMMENT ON COLUMN content_rules.action IS 'block: input is not answered (skip, reason content_rule), output is not sent (hosted: the fallback text or a handoff; assist: a failed suggestion); replace: the word becomes replacement (default ***) before the provider (input) or the customer (output) sees it; handoff: a handoff with reason content_rule.';

CREATE TRIGGER content_rules_updated_at BEFORE UPDATE ON content_rules FOR EACH ROW EXECUTE FUNCTION aics_set_updated_at();
CREATE TRIGGER content_rules_notify AFTER INSERT OR UPDATE OR DELETE ON content_rules FOR EACH ROW EXECUTE FUNCTION aics_notify_config();

ALTER TABLE reply_history ADD COLUMN content_rule text;
COMMENT ON COLUMN reply_history.content_rule IS 'The content rules that fired, e.g. "output:replace#12 (refund guarantee)"; NULL when none did.';
