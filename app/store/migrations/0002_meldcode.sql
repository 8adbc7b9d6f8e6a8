-- Meldcode records (signalen, risicoprofiel, kindcheck, consultatie, gesprek,
-- afweging, besluit, acute route) and drafts (concepten).
--
-- records: one row per version of a record; the payload is the domain
-- dataclass as JSON (app/store/codec.py). A record is never changed in place:
-- a correction is a new row with the next version number and a reason.
-- The rowid (not exposed) keeps the order in which versions were recorded,
-- since created_at has whole seconds only.
CREATE TABLE records (
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('signal', 'risk_profile', 'kindcheck_run',
                                             'consultation', 'conversation', 'weighing',
                                             'decision', 'acute_path')),
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    -- Why this version replaced the previous one: none for version 1,
    -- required for every correction.
    reason     TEXT CHECK ((version = 1 AND reason IS NULL)
                           OR (version > 1 AND reason IS NOT NULL AND trim(reason) <> '')),
    created_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    device     TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE INDEX records_case_kind ON records (case_id, kind);

-- A new version follows the previous one of the same record, case and kind.
CREATE TRIGGER records_versions_in_order BEFORE INSERT ON records
WHEN NEW.version > 1 AND NOT EXISTS (
    SELECT 1 FROM records
    WHERE id = NEW.id AND version = NEW.version - 1
      AND case_id = NEW.case_id AND kind = NEW.kind)
BEGIN
    SELECT RAISE(ABORT, 'a record version follows the previous version of the same record');
END;

-- Append-only. UPDATE is always refused. DELETE is refused while the case
-- still exists: erasing the whole case (DELETE FROM cases, ON DELETE CASCADE)
-- removes its rows, because SQLite deletes the parent row before it cascades,
-- so the case is gone when this trigger looks. Ad-hoc deletes of a record are
-- refused.
CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN
    SELECT RAISE(ABORT, 'records are append-only');
END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'records are append-only; erase the whole case instead');
END;

-- Concept: what the worker is typing, saved as it is typed so that a crash
-- loses nothing. case_id is NULL for a quick capture started outside a case.
-- values is JSON (see codec.encode_values). Drafts are replaced in place and
-- deleted when recorded or discarded.
CREATE TABLE drafts (
    id         TEXT PRIMARY KEY,
    case_id    TEXT REFERENCES cases (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind <> ''),
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    device     TEXT NOT NULL
);
CREATE INDEX drafts_case ON drafts (case_id, updated_at);
