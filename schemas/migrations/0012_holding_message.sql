-- A holding message for slow answers: in hosted mode, when the provider has not answered within
-- holding_after_ms, the binding's holding_text goes to the customer first (a reply of kind
-- holding), then the answer.

ALTER TABLE bindings
    ADD COLUMN holding_after_ms integer CHECK (holding_after_ms > 0),
    ADD COLUMN holding_text     text,
    ADD CONSTRAINT bindings_holding_pair CHECK ((holding_after_ms IS NULL) = (holding_text IS NULL));
COMMENT ON COLUMN bindings.holding_after_ms IS 'hosted: after this long without the provider''s answer, holding_text is sent first (NULL: never).';
COMMENT ON COLUMN bindings.holding_text IS 'The holding message, e.g. 正在为您查询，请稍候 (set together with holding_after_ms).';
