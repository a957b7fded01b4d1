-- The embedded lake's catalog: which Parquet files make up email_events, and each stream's cursor.
-- A batch's files and its stream's cursor are written in one transaction: that is the commit.
CREATE TABLE lake_files (
    path           TEXT PRIMARY KEY,      -- relative to the lake directory
    tenant_id      TEXT NOT NULL,
    integration_id TEXT NOT NULL,
    log_type       TEXT NOT NULL,
    day            TEXT NOT NULL,         -- yyyy-mm-dd of the events' time (UTC)
    min_time       INTEGER NOT NULL,      -- epoch seconds
    max_time       INTEGER NOT NULL,
    row_count      INTEGER NOT NULL,
    byte_count     INTEGER NOT NULL,
    committed_at   INTEGER NOT NULL,      -- epoch milliseconds
    retired_at     INTEGER                -- set when compaction replaced the file; deleted after a grace period
);
CREATE INDEX lake_files_stream ON lake_files (integration_id, log_type, day);
CREATE INDEX lake_files_tenant ON lake_files (tenant_id, retired_at);

CREATE TABLE stream_cursors (
    integration_id TEXT NOT NULL,
    log_type       TEXT NOT NULL,
    tenant_id      TEXT NOT NULL,
    cursor         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    events         INTEGER NOT NULL DEFAULT 0,
    last_event_time INTEGER,              -- epoch seconds of the newest event landed
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (integration_id, log_type)
);

-- Bumped by every change to lake_files, so readers know when their view of the files is stale.
CREATE TABLE catalog_generation (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
INSERT INTO catalog_generation VALUES (1, 0);
