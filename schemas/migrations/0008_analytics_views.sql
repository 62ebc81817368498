-- Views for analysts over the ledger (inbound_messages) and the reply history (reply_history).
-- Days are UTC calendar days. Filter by tenant_id (and day) first: the grouping columns are
-- pushed down into the tables' tenant indexes.

CREATE VIEW analytics_daily_volume AS
SELECT (m.received_at AT TIME ZONE 'UTC')::date AS day,
       m.tenant_id,
       COALESCE(h.mode, 'none') AS mode,
       COALESCE(m.outcome, 'in_progress') AS outcome,
       count(*) AS messages
FROM inbound_messages m
LEFT JOIN reply_history h ON h.tenant_id = m.tenant_id AND h.output_id = m.output_id
GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW analytics_daily_volume IS 'Customer messages per UTC day, tenant, mode and outcome. mode is the binding mode of the output (assist, hosted, auto), none for messages without one (skip, dead_letter, attempts exhausted); outcome is inbound_messages.outcome, in_progress while a worker still has the message.';

CREATE VIEW analytics_suggestion_adoption AS
SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
       tenant_id,
       count(*) AS suggestions,
       count(*) FILTER (WHERE feedback = 'sent_as_is') AS sent_as_is,
       count(*) FILTER (WHERE feedback = 'edited') AS edited,
       count(*) FILTER (WHERE feedback = 'dismissed') AS dismissed,
       count(*) FILTER (WHERE feedback IS NULL) AS no_feedback,
       round(count(*) FILTER (WHERE feedback IN ('sent_as_is', 'edited'))::numeric / count(*), 4) AS adoption_rate
FROM reply_history
WHERE kind = 'suggestion' AND outcome = 'suggestion'
GROUP BY 1, 2;
COMMENT ON VIEW analytics_suggestion_adoption IS 'Suggestions shown to agents per UTC day and tenant, and what the agents did with them: sent as is, edited, dismissed, or no feedback yet. adoption_rate = (sent_as_is + edited) / suggestions. Failed suggestions are not counted.';

CREATE VIEW analytics_handoff_rate AS
SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
       tenant_id,
       count(*) AS outputs,
       count(*) FILTER (WHERE outcome = 'handoff') AS handoffs,
       round(count(*) FILTER (WHERE outcome = 'handoff')::numeric / count(*), 4) AS handoff_rate
FROM reply_history
GROUP BY 1, 2;
COMMENT ON VIEW analytics_handoff_rate IS 'Per UTC day and tenant: outputs aics produced (suggestions, replies, handoffs, failed suggestions), how many were handoffs to a human, and their share.';

CREATE VIEW analytics_handoff_reasons AS
SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
       tenant_id,
       COALESCE(reason, 'unknown') AS reason,
       count(*) AS handoffs
FROM reply_history
WHERE outcome = 'handoff'
GROUP BY 1, 2, 3;
COMMENT ON VIEW analytics_handoff_reasons IS 'Handoffs to a human per UTC day, tenant and reason: customer_requested_human (a handoff keyword), no_answer (the bot had none), provider_failing, provider_busy.';

CREATE VIEW analytics_provider_latency AS
SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
       provider,
       count(*) AS answers,
       percentile_disc(0.50) WITHIN GROUP (ORDER BY provider_latency_ms) AS p50_ms,
       percentile_disc(0.95) WITHIN GROUP (ORDER BY provider_latency_ms) AS p95_ms,
       percentile_disc(0.99) WITHIN GROUP (ORDER BY provider_latency_ms) AS p99_ms,
       max(provider_latency_ms) AS max_ms
FROM reply_history
WHERE provider IS NOT NULL AND provider_latency_ms IS NOT NULL
GROUP BY 1, 2;
COMMENT ON VIEW analytics_provider_latency IS 'Time waiting for the provider (reply_history.provider_latency_ms, admission waits and retries included) per UTC day and provider, over every tenant: the 50th, 95th and 99th percentile (an observed value, percentile_disc) and the maximum, in milliseconds.';

CREATE VIEW analytics_failures AS
SELECT (received_at AT TIME ZONE 'UTC')::date AS day,
       tenant_id,
       outcome,
       CASE
           WHEN outcome = 'dead_letter' AND outcome_reason LIKE 'tenant % has no bots or bindings' THEN 'unknown_tenant'
           ELSE COALESCE(NULLIF(split_part(outcome_reason, ':', 1), ''), 'unknown')
       END AS failure_class,
       count(*) AS messages
FROM inbound_messages
WHERE outcome IN ('failed', 'dead_letter')
GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW analytics_failures IS 'Messages that got no answer per UTC day, tenant, outcome and class. failed: provider_failing, provider_busy or no_answer (assist: no suggestion), attempts_exhausted (kept failing; also dead-lettered). dead_letter: unknown_tenant. Records that were never accepted (not JSON, wrong schema, oversize) are only on cs.dead-letter and in the metric aics_dead_letters_total.';
