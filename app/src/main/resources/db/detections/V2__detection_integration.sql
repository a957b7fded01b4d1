-- The integration each evidence event came from, so the console can count open detections per
-- integration. Evidence recorded before this migration has none and counts for no integration.
ALTER TABLE detection_events ADD COLUMN integration_id TEXT;
CREATE INDEX detection_events_by_integration ON detection_events (integration_id, detection_uid);
