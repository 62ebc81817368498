-- Knowledge syncs asked for through the admin API: the uploaded source a bot's provider should
-- hold, an optional schedule, and the queue of requests that any worker takes once
-- (FOR UPDATE SKIP LOCKED; a run also holds the bot's advisory lock, like `aics kb sync`).

CREATE TABLE knowledge_sync_sources (
    bot_id      uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    target      text NOT NULL,
    files       jsonb NOT NULL CHECK (jsonb_typeof(files) = 'array'),
    every_ms    bigint CHECK (every_ms >= 60000),
    next_due_at timestamptz,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, target),
    CHECK ((every_ms IS NULL) = (next_due_at IS NULL))
);
CREATE INDEX knowledge_sync_sources_due ON knowledge_sync_sources (next_due_at) WHERE next_due_at IS NOT NULL;
COMMENT ON TABLE knowledge_sync_sources IS 'The last source uploaded through the admin API per bot and target (Dify dataset, OpenAI vector store, or local): what the provider should hold. A new upload replaces it.';
COMMENT ON COLUMN knowledge_sync_sources.files IS '[{"path", "content"}] as uploaded: Markdown, plain text, CSV or JSON Lines by the path''s extension.';
COMMENT ON COLUMN knowledge_sync_sources.every_ms IS 'Scheduled sync: the source is synced again this often (at least a minute), by one worker; NULL: only when uploaded.';
COMMENT ON COLUMN knowledge_sync_sources.next_due_at IS 'When the scheduled sync is due next.';

CREATE TABLE knowledge_sync_requests (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bot_id       uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    target       text NOT NULL,
    reason       text NOT NULL CHECK (reason IN ('upload', 'schedule')),
    status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    lease_until  timestamptz,
    error        text,
    report       jsonb,
    requested_at timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
CREATE INDEX knowledge_sync_requests_open ON knowledge_sync_requests (id) WHERE status IN ('queued', 'running');
CREATE INDEX knowledge_sync_requests_bot ON knowledge_sync_requests (bot_id, id DESC);
CREATE UNIQUE INDEX knowledge_sync_requests_one_queued ON knowledge_sync_requests (bot_id, target) WHERE status = 'queued';
COMMENT ON TABLE knowledge_sync_requests IS 'Syncs to run (an upload, or a schedule that fell due), taken by one worker each; at most one queued per bot and target (it syncs the latest upload).';
COMMENT ON COLUMN knowledge_sync_requests.status IS 'queued; running (lease_until: another worker takes it over after that); succeeded; failed (error says why, report has the failed documents).';
COMMENT ON COLUMN knowledge_sync_requests.attempts IS 'How many times a worker took it; after 3 it fails instead of being taken again.';
COMMENT ON COLUMN knowledge_sync_requests.report IS 'The sync''s report: added, updated, removed, unchanged, failures with the provider''s reason, retries and rate-limit waits.';
