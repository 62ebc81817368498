-- The local provider's knowledge base: question/answer entries per bot.

CREATE TABLE knowledge_entries (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bot_id     uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    question   text NOT NULL CHECK (question <> ''),
    answer     text NOT NULL CHECK (answer <> ''),
    tags       text[] NOT NULL DEFAULT '{}',
    source     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_entries_bot ON knowledge_entries (bot_id);
COMMENT ON TABLE knowledge_entries IS 'Question/answer pairs of bots with provider local, imported by aics kb import and searched in memory by aics.';
COMMENT ON COLUMN knowledge_entries.source IS 'The file an entry was imported from, for re-imports.';

CREATE TRIGGER knowledge_entries_updated_at BEFORE UPDATE ON knowledge_entries FOR EACH ROW EXECUTE FUNCTION aics_set_updated_at();
