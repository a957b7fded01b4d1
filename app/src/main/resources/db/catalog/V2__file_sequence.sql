-- A strictly increasing number per registered file, so readers can ask for "files committed after N"
-- (rowids may be reused after deletions; this counter never goes back).
ALTER TABLE lake_files ADD COLUMN seq INTEGER;
UPDATE lake_files SET seq = rowid;
CREATE TABLE file_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
INSERT INTO file_sequence VALUES (1, COALESCE((SELECT MAX(seq) FROM lake_files), 0));
CREATE INDEX lake_files_seq ON lake_files (seq);
