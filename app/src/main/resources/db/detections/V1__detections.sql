-- The detection engine's state: its cursor over the lake and what it found, committed together.

-- Sequence number of the newest lake file whose events every rule has evaluated.
CREATE TABLE engine_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_file_seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO engine_cursor (id, last_file_seq, updated_at) VALUES (1, 0, 0);

CREATE TABLE detections (
    detection_uid TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    group_key TEXT NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    mitre TEXT NOT NULL,             -- JSON array of technique ids
    status TEXT NOT NULL,            -- new | investigating | closed
    close_reason TEXT,               -- true_positive | benign | false_positive | duplicate
    status_note TEXT,
    first_seen INTEGER NOT NULL,     -- epoch seconds of the earliest evidence event
    last_seen INTEGER NOT NULL,      -- epoch seconds of the latest evidence event
    event_count INTEGER NOT NULL,
    recipient_count INTEGER NOT NULL,
    context TEXT NOT NULL,           -- JSON: fields of the first evidence event, for the title
    created_at INTEGER NOT NULL,     -- epoch ms
    updated_at INTEGER NOT NULL
);
CREATE INDEX detections_open_group ON detections (tenant_id, rule_id, group_key, last_seen);
CREATE INDEX detections_by_tenant ON detections (tenant_id, last_seen);

-- Each event is evidence of at most one detection per rule: the key makes re-evaluation harmless.
CREATE TABLE detection_events (
    rule_id TEXT NOT NULL,
    event_uid TEXT NOT NULL,
    detection_uid TEXT NOT NULL REFERENCES detections (detection_uid),
    tenant_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    log_type TEXT,
    recipient TEXT,
    PRIMARY KEY (rule_id, event_uid)
);
CREATE INDEX detection_events_by_detection ON detection_events (detection_uid, time);

CREATE TABLE status_history (
    detection_uid TEXT NOT NULL REFERENCES detections (detection_uid),
    status TEXT NOT NULL,
    close_reason TEXT,
    note TEXT,
    changed_by TEXT,
    changed_at INTEGER NOT NULL
);
CREATE INDEX status_history_by_detection ON status_history (detection_uid, changed_at);

-- A tenant's choice for one rule; without a row a built-in or the tenant's own rule is enabled.
CREATE TABLE rule_settings (
    tenant_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, rule_id)
);

-- Rules users added: the rule file's text, validated when saved.
CREATE TABLE custom_rules (
    tenant_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, rule_id)
);

-- The last failure of a rule (set aside for that run), for rules list and the console.
CREATE TABLE rule_failures (
    tenant_scope TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    message TEXT NOT NULL,
    file_seq_from INTEGER NOT NULL,
    file_seq_to INTEGER NOT NULL,
    failed_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_scope, rule_id)
);
