-- Bearer tokens of the admin API (`aics admin`), one tenant each. Only a SHA-256 of the token is
-- kept: `aics token create` prints the token once and nobody can read it back from here.
-- Applied by `aics migrate` inside one transaction; no BEGIN/COMMIT here.

CREATE TABLE admin_tokens (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    text NOT NULL CHECK (btrim(tenant_id) <> ''),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    hint         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
-- A name stays unique in its tenant among the tokens in force; revoked ones are kept for the record.
CREATE UNIQUE INDEX admin_tokens_name_key ON admin_tokens (tenant_id, name) WHERE revoked_at IS NULL;
COMMENT ON TABLE admin_tokens IS 'Bearer tokens of the admin API; each sees and changes only its tenant.';
COMMENT ON COLUMN admin_tokens.token_sha256 IS 'Hex SHA-256 of the token (aics_ followed by 43 random base64url characters); the token itself is never stored.';
COMMENT ON COLUMN admin_tokens.hint IS 'The token shortened to aics_…wxyz, to tell tokens apart.';
COMMENT ON COLUMN admin_tokens.last_used_at IS 'Last request made with the token (updated at most once a minute).';
COMMENT ON COLUMN admin_tokens.revoked_at IS 'Set by aics token revoke; a revoked token answers 401.';
