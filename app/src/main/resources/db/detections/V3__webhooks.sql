-- A tenant's outbound webhook and the outbox of its notifications. They live in detections.db, beside
-- the detections, because a notification is queued in the transaction that creates its detection:
-- a crash at any instant leaves both or neither (SQLite transactions do not span database files).

CREATE TABLE webhooks (
    tenant_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    sealed_secret BLOB,              -- AES-256-GCM under the master key, bound to the tenant; NULL: not signed
    min_severity TEXT NOT NULL,      -- informational | low | medium | high | critical
    enabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL,     -- epoch ms
    updated_at INTEGER NOT NULL,
    last_attempt_at INTEGER,         -- the last delivery attempt, of a notification or a test
    last_delivery_id TEXT,
    last_outcome TEXT,               -- delivered | retrying | failed
    last_http_status INTEGER,
    last_error TEXT
);

-- One row per notification. The body is fixed when it is queued, so every attempt sends the same bytes.
CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id TEXT NOT NULL,
    event TEXT NOT NULL,             -- detection.created
    delivery_id TEXT NOT NULL,       -- what receivers drop duplicates by
    detection_uid TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,            -- pending | delivered | failed
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL, -- epoch ms
    lease_until INTEGER,             -- a sender is delivering it until then (epoch ms); another process leaves it alone
    last_http_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE UNIQUE INDEX webhook_outbox_delivery ON webhook_outbox (tenant_id, event, delivery_id);
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
CREATE INDEX webhook_outbox_by_tenant ON webhook_outbox (tenant_id, status, id);
