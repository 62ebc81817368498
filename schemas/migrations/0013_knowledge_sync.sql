-- Knowledge sync (`aics kb sync`): what each bot's provider holds of its synced source, and the
-- runs that put it there. A row is written before the provider call it stands for, so a sync
-- killed at any point is picked up by the next one.

CREATE TABLE knowledge_sync_documents (
    bot_id       uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    target       text NOT NULL,
    path         text NOT NULL,
    content_hash text NOT NULL,
    provider_id  text,
    status       text NOT NULL CHECK (status IN ('writing', 'indexing', 'synced', 'failed', 'removing')),
    error        text,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, target, path)
);
COMMENT ON TABLE knowledge_sync_documents IS 'One row per synced source file and bot target: what the provider holds of it.';
COMMENT ON COLUMN knowledge_sync_documents.target IS 'The Dify dataset id, the OpenAI vector store id, or local.';
COMMENT ON COLUMN knowledge_sync_documents.path IS 'The file''s path below the synced folder (the Dify document name, the OpenAI path attribute, the local entries'' source).';
COMMENT ON COLUMN knowledge_sync_documents.content_hash IS 'SHA-256 (hex) of the document as sent: question/answer blocks separated by blank lines.';
COMMENT ON COLUMN knowledge_sync_documents.provider_id IS 'The Dify document id, the OpenAI file id, or the local source name; NULL before the provider answered.';
COMMENT ON COLUMN knowledge_sync_documents.status IS 'writing or removing: recorded before the provider call; indexing: the provider holds it; synced; failed (error says why).';

CREATE TABLE knowledge_sync_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bot_id      uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    target      text NOT NULL,
    source      text NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    added       integer NOT NULL DEFAULT 0,
    updated     integer NOT NULL DEFAULT 0,
    removed     integer NOT NULL DEFAULT 0,
    unchanged   integer NOT NULL DEFAULT 0,
    failed      integer NOT NULL DEFAULT 0,
    report      jsonb
);
CREATE INDEX knowledge_sync_runs_bot ON knowledge_sync_runs (bot_id, target, started_at DESC);
COMMENT ON TABLE knowledge_sync_runs IS 'One row per knowledge sync of a bot: counts, status and the report (failures with the provider''s reason).';
COMMENT ON COLUMN knowledge_sync_runs.status IS 'running; succeeded; failed (some document failed); interrupted (the process ended before the run did, noticed by the next run).';
