-- Configuration and status. Cursors are not here: they commit with the data, in the lake.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE tenants (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    networks_set INTEGER NOT NULL DEFAULT 0,   -- 1 once My domains and IPs were stated
    created_at   TEXT NOT NULL
);

CREATE TABLE tenant_networks (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('domain', 'cidr')),
    value     TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, kind, value)
);

CREATE TABLE integrations (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    base_url       TEXT NOT NULL,
    api_generation TEXT NOT NULL CHECK (api_generation IN ('1', '2')),
    app_id         TEXT,                       -- API 1.0 application ID (an identifier, not a secret)
    client_id      TEXT,                       -- API 2.0 client ID (an identifier, not a secret)
    sealed_secrets BLOB NOT NULL,              -- AES-256-GCM; see SecretBox
    log_types      TEXT NOT NULL,              -- comma-separated: url,impersonation,attachment
    enabled        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE streams (
    integration_id  TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    log_type        TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'PENDING',
    error_code      TEXT,
    error_message   TEXT,
    error_fix       TEXT,
    retrying_since  TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    lag_seconds     INTEGER,
    calls           INTEGER NOT NULL DEFAULT 0,
    retries         INTEGER NOT NULL DEFAULT 0,
    lease_owner     TEXT,
    lease_until     INTEGER,                   -- epoch milliseconds
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (integration_id, log_type)
);

CREATE TABLE stream_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    log_type       TEXT NOT NULL,
    at             TEXT NOT NULL,
    status         TEXT NOT NULL,
    error_code     TEXT,
    error_message  TEXT,
    error_fix      TEXT
);
CREATE INDEX stream_history_stream ON stream_history (integration_id, log_type, id);
