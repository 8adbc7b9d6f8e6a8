-- The audit chain gets a MAC per entry (keyed from the store key, computed in
-- app/store/audit.py) and sequence numbers that are never reused: the table is
-- rebuilt with AUTOINCREMENT, so deleting the last entries leaves a gap that
-- the next entry does not fill. Entries written before this migration keep
-- mac NULL; their plain hash chain is covered by the MAC of the first keyed
-- entry after them (see AuditLog.ensure_keyed).
CREATE TABLE audit_log_keyed (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    device      TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT,
    object_id   TEXT,
    detail      TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    mac         TEXT
);
INSERT INTO audit_log_keyed (seq, id, at, actor, device, action, object_type, object_id,
                             detail, prev_hash, hash)
    SELECT seq, id, at, actor, device, action, object_type, object_id, detail, prev_hash, hash
    FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_keyed RENAME TO audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
