-- Message identity is (tenant_id, message_id): tenants choose their ids independently, so one
-- tenant's message id must never find another tenant's ledger row or stored answer.
-- Also: the attempt budget (attempts counts the deliveries a message was worked on; after the
-- worker's --max-attempts it ends as outcome 'failed') and the last error an attempt met.

ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_pkey;
ALTER TABLE inbound_messages ADD PRIMARY KEY (tenant_id, message_id);

ALTER TABLE inbound_messages ADD COLUMN last_error text;

COMMENT ON COLUMN inbound_messages.message_id IS 'The chat platform''s id; unique within a tenant only. A message is identified by (tenant_id, message_id).';
COMMENT ON COLUMN inbound_messages.attempts IS 'How many times a worker took the message up (first delivery, retries after its own failures, redeliveries after a crash). Past the worker''s --max-attempts it ends as outcome failed with reason attempts_exhausted and a dead letter.';
COMMENT ON COLUMN inbound_messages.last_error IS 'The error the last failed attempt met (infrastructure or the message''s own); never a secret or customer text.';
COMMENT ON COLUMN inbound_messages.outcome IS 'suggestion, reply, handoff, skip (mode off, paused, merged into a burst: see outcome_reason), dead_letter, failed (assist: suggestion failed; or attempts_exhausted: the message kept failing and was dead-lettered).';
