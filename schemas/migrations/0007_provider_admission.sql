-- Provider back-pressure: a concurrency ceiling and a request rate per bot, a patience per
-- binding, and what each worker's admission shows for each bot (for `aics bot list`).

ALTER TABLE bots ADD COLUMN max_concurrency integer CHECK (max_concurrency IS NULL OR max_concurrency >= 1);
ALTER TABLE bots ADD COLUMN requests_per_second double precision CHECK (requests_per_second IS NULL OR requests_per_second > 0);
COMMENT ON COLUMN bots.max_concurrency IS 'Most requests a worker sends this bot at once; NULL: the worker''s --max-in-flight. Within it the worker learns a lower limit from the provider''s 429s.';
COMMENT ON COLUMN bots.requests_per_second IS 'Most requests per second a worker sends this bot; NULL: no rate limit of aics''s own.';

ALTER TABLE bindings ADD COLUMN patience_ms integer CHECK (patience_ms IS NULL OR patience_ms >= 0);
COMMENT ON COLUMN bindings.patience_ms IS 'How long a message may wait for a slot of its bot before it takes the failure path with reason provider_busy; NULL: 60 s.';

CREATE TABLE bot_admission_stats (
    worker_id     text NOT NULL,
    bot_id        uuid NOT NULL,
    tenant_id     text NOT NULL,
    current_limit integer NOT NULL,
    in_flight     integer NOT NULL,
    queued        integer NOT NULL,
    wait_p95_ms   integer NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (worker_id, bot_id)
);
CREATE INDEX bot_admission_stats_bot ON bot_admission_stats (bot_id, updated_at);
COMMENT ON TABLE bot_admission_stats IS 'Per worker and bot, every few seconds: the learned concurrency limit, requests in flight, messages queued for a slot and the p95 wait. Rows older than a minute belong to stopped workers.';
