-- Messages a binding sends to the customer around the bot's answer: a holding message for slow
-- answers (hosted: when the provider has not answered within holding_after_ms, holding_text goes
-- first as a reply of kind holding, then the answer) and the text of a handoff record.

ALTER TABLE bindings
    ADD COLUMN holding_after_ms integer CHECK (holding_after_ms > 0),
    ADD COLUMN holding_text     text,
    ADD COLUMN handoff_text     text,
    ADD CONSTRAINT bindings_holding_pair CHECK ((holding_after_ms IS NULL) = (holding_text IS NULL));
COMMENT ON COLUMN bindings.holding_after_ms IS 'hosted: after this long without the provider''s answer, holding_text is sent first (NULL: never).';
COMMENT ON COLUMN bindings.holding_text IS 'The holding message, e.g. 正在为您查询，请稍候 (set together with holding_after_ms).';
COMMENT ON COLUMN bindings.handoff_text IS 'The text of handoff records on cs.replies, for the chat platform to show the customer, e.g. 正在为您转接人工客服 (NULL: empty text).';
