-- Provider failover: a binding may name fallback bots of its tenant, asked in order when the bot
-- before them fails after its retries, has its circuit open, or is marked quota-exhausted or
-- invalid. The history says which bot answered (bot_id) and why the earlier ones were skipped.

ALTER TABLE bindings
    ADD COLUMN fallback_bot_ids uuid[] NOT NULL DEFAULT '{}'
        CHECK (array_position(fallback_bot_ids, NULL) IS NULL AND cardinality(fallback_bot_ids) <= 8);
CREATE INDEX bindings_fallback_bots ON bindings USING gin (fallback_bot_ids);
COMMENT ON COLUMN bindings.fallback_bot_ids IS 'Bots of the same tenant asked in this order when bot_id (then each earlier fallback) fails after its retries, has its circuit open, or is marked quota_exhausted / credentials_invalid / disabled. Empty: no failover.';

ALTER TABLE reply_history
    ADD COLUMN skipped_bots jsonb CHECK (skipped_bots IS NULL OR jsonb_typeof(skipped_bots) = 'array');
COMMENT ON COLUMN reply_history.bot_id IS 'The bot that answered (after failover, a fallback bot); when none did, the last one asked. No foreign key so history outlives deleted bots.';
COMMENT ON COLUMN reply_history.skipped_bots IS 'Failover: the bots asked or passed over before bot_id, in order, as [{"bot_id", "provider", "reason"}] (reason e.g. quota_exhausted, circuit_open, failed_after_retries); NULL when the first bot answered.';

CREATE VIEW analytics_failovers AS
SELECT date_trunc('day', h.created_at AT TIME ZONE 'UTC')::date AS day,
       h.tenant_id,
       skipped->>'provider' AS skipped_provider,
       skipped->>'reason' AS reason,
       h.provider AS answered_by,
       h.kind,
       count(*) AS outputs
FROM reply_history h, jsonb_array_elements(h.skipped_bots) AS skipped
WHERE h.skipped_bots IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
COMMENT ON VIEW analytics_failovers IS 'Failover per UTC day and tenant: bots passed over (their provider and reason) and what the output was in the end (answered_by: the provider of the bot that answered, or of the last one asked; kind answer/suggestion when a later bot answered). One row per skipped bot.';
