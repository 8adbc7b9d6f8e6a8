-- Search per case (zoeken in de caselijst), replacing the per-item index of
-- migration 0006.
--
-- The case list asks one question: which cases match what the worker typed?
-- 0006 indexed every case, person and signal as its own row, so answering
-- meant joining every hit back to its case (tens of thousands of rows for a
-- common word on a large store) and "Yılmaz school" found nothing, because
-- the name and the signal were different rows. Here each case is one row:
-- its reference, household name, the names of its people and the newest
-- version of every signal (facts and who told it). A match is a case; every
-- typed word may be found anywhere in it. Measured on 10,000 cases and
-- 100,000 signals: p95 of the case-list search 270 ms → 5 ms.
--
-- prefix = '3' keeps a second index of every word's first three letters:
-- search starts at three letters, where a prefix matches the most words.

DROP TRIGGER search_case_insert;
DROP TRIGGER search_case_update;
DROP TRIGGER search_case_delete;
DROP TRIGGER search_person_insert;
DROP TRIGGER search_person_update;
DROP TRIGGER search_signal_insert;
DROP TABLE search_index;
DROP TABLE search_refs;

-- A stable integer per case: the case's row in the index.
CREATE TABLE search_cases (
    id      INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE case_text USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
);

-- The searchable text of the newest version of each signal (facts and who
-- told it), kept apart so that writing a case's row again does not parse
-- every signal's JSON and look up its newest version once more.
CREATE TABLE signal_text (
    record_id TEXT PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    body      TEXT NOT NULL
);
CREATE INDEX signal_text_case ON signal_text (case_id);

-- What is indexed of a case, in one place for every trigger below.
-- search_text (app.store.fold, registered on every connection) adds the text
-- once more with plain letters where it has letters such as ı, ł or ø, so
-- that "yilmaz" finds "Yılmaz".
CREATE VIEW case_search_text (case_id, body) AS
SELECT c.id,
       search_text(
           c.reference || ' ' || c.household_name
           || coalesce((SELECT ' ' || group_concat(p.name, ' ')
                        FROM persons p WHERE p.case_id = c.id), '')
           || coalesce((SELECT ' ' || group_concat(t.body, ' ')
                        FROM signal_text t WHERE t.case_id = c.id), ''))
FROM cases c;

-- Writing a case's row again: insert its id here. The one place that does
-- it (``app.store.search.write_pending`` calls it for the pending cases).
CREATE VIEW case_text_changed (case_id) AS SELECT NULL WHERE 0;

CREATE TRIGGER case_text_rewrite INSTEAD OF INSERT ON case_text_changed
BEGIN
    DELETE FROM case_text WHERE rowid = (SELECT id FROM search_cases WHERE case_id = NEW.case_id);
    INSERT INTO case_text (rowid, body)
    SELECT s.id, t.body FROM search_cases s JOIN case_search_text t ON t.case_id = s.case_id
    WHERE s.case_id = NEW.case_id;
END;

-- The cases whose row must be written again. The triggers below note a case
-- here on every change that alters its text; the store writes the rows once,
-- in the last statement of the transaction (``Store.transaction``). Writing
-- them at once, not per change, matters: FTS5 writes its pending terms to
-- disk at every statement savepoint, so an index write per signal made a new
-- index segment per signal (measured: 100 signals in one transaction,
-- ~200 → ~60 ms), and a case with many changes is written once.
CREATE TABLE search_pending (
    case_id TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER case_text_case_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO search_cases (case_id) VALUES (NEW.id);
    INSERT OR IGNORE INTO search_pending (case_id) VALUES (NEW.id);
END;

CREATE TRIGGER case_text_case_update AFTER UPDATE OF reference, household_name ON cases
BEGIN
    INSERT OR IGNORE INTO search_pending (case_id) VALUES (NEW.id);
END;

CREATE TRIGGER case_text_person_insert AFTER INSERT ON persons
BEGIN
    INSERT OR IGNORE INTO search_pending (case_id) VALUES (NEW.case_id);
END;

CREATE TRIGGER case_text_person_update AFTER UPDATE OF name ON persons
BEGIN
    INSERT OR IGNORE INTO search_pending (case_id) VALUES (NEW.case_id);
END;

-- A new signal, or a corrected version of one: versions are written in
-- order, so the last one written is the newest.
CREATE TRIGGER case_text_signal_insert AFTER INSERT ON records WHEN NEW.kind = 'signal'
BEGIN
    INSERT INTO signal_text (record_id, case_id, body)
    VALUES (NEW.id, NEW.case_id,
            coalesce(json_extract(NEW.payload, '$.facts'), '') || ' '
            || coalesce(json_extract(NEW.payload, '$.source_detail'), ''))
    ON CONFLICT (record_id) DO UPDATE SET body = excluded.body;
    INSERT OR IGNORE INTO search_pending (case_id) VALUES (NEW.case_id);
END;

-- Erasing a case removes its row at once, then merges the index so that
-- the deleted text does not linger in old index segments.
CREATE TRIGGER case_text_case_delete AFTER DELETE ON cases
BEGIN
    DELETE FROM case_text WHERE rowid = (SELECT id FROM search_cases WHERE case_id = OLD.id);
    DELETE FROM search_cases WHERE case_id = OLD.id;
    DELETE FROM search_pending WHERE case_id = OLD.id;
    INSERT INTO case_text (case_text) VALUES ('optimize');
END;

-- What was there before this migration.
INSERT INTO signal_text (record_id, case_id, body)
SELECT x.id, x.case_id,
       coalesce(json_extract(x.payload, '$.facts'), '') || ' '
       || coalesce(json_extract(x.payload, '$.source_detail'), '')
FROM records x
WHERE x.kind = 'signal' AND x.version = (SELECT max(version) FROM records y WHERE y.id = x.id);
INSERT INTO search_cases (case_id) SELECT id FROM cases;
INSERT INTO case_text_changed (case_id) SELECT id FROM cases;
