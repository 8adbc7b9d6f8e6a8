-- Overview: full-text search and team-lead reviews.
--
-- Full-text search over cases, people and signals (zoeken), inside the
-- encrypted store: the index is a table like any other and never leaves it.
--
-- search_refs gives every indexed thing (a case, a person, a signal) a stable
-- integer that is its row in the FTS table, so replacing one entry is a lookup
-- by rowid instead of a scan. Triggers keep the index in step with the data;
-- no code has to remember it. unicode61 with remove_diacritics lets "sukran"
-- find "Şükran".
CREATE TABLE search_refs (
    id      INTEGER PRIMARY KEY,
    ref     TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL,
    kind    TEXT NOT NULL
);
CREATE INDEX search_refs_case ON search_refs (case_id);

CREATE VIRTUAL TABLE search_index USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_case_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO search_refs (ref, case_id, kind) VALUES (NEW.id, NEW.id, 'case');
    INSERT INTO search_index (rowid, body)
    VALUES ((SELECT id FROM search_refs WHERE ref = NEW.id),
            NEW.reference || ' ' || NEW.household_name);
END;

CREATE TRIGGER search_case_update AFTER UPDATE OF reference, household_name ON cases
BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_refs WHERE ref = NEW.id);
    INSERT INTO search_index (rowid, body)
    VALUES ((SELECT id FROM search_refs WHERE ref = NEW.id),
            NEW.reference || ' ' || NEW.household_name);
END;

-- Erasing a case removes its entries, then merges the index so that the
-- deleted text does not linger in old index segments.
CREATE TRIGGER search_case_delete AFTER DELETE ON cases
BEGIN
    DELETE FROM search_index
    WHERE rowid IN (SELECT id FROM search_refs WHERE case_id = OLD.id);
    DELETE FROM search_refs WHERE case_id = OLD.id;
    INSERT INTO search_index (search_index) VALUES ('optimize');
END;

CREATE TRIGGER search_person_insert AFTER INSERT ON persons
BEGIN
    INSERT INTO search_refs (ref, case_id, kind) VALUES (NEW.id, NEW.case_id, 'person');
    INSERT INTO search_index (rowid, body)
    VALUES ((SELECT id FROM search_refs WHERE ref = NEW.id), NEW.name);
END;

CREATE TRIGGER search_person_update AFTER UPDATE OF name ON persons
BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_refs WHERE ref = NEW.id);
    INSERT INTO search_index (rowid, body)
    VALUES ((SELECT id FROM search_refs WHERE ref = NEW.id), NEW.name);
END;

-- A signal is indexed by its newest version: facts and who told it.
CREATE TRIGGER search_signal_insert AFTER INSERT ON records WHEN NEW.kind = 'signal'
BEGIN
    INSERT OR IGNORE INTO search_refs (ref, case_id, kind) VALUES (NEW.id, NEW.case_id, 'signal');
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_refs WHERE ref = NEW.id);
    INSERT INTO search_index (rowid, body)
    VALUES ((SELECT id FROM search_refs WHERE ref = NEW.id),
            coalesce(json_extract(NEW.payload, '$.facts'), '') || ' '
            || coalesce(json_extract(NEW.payload, '$.source_detail'), ''));
END;

-- What was there before this migration.
INSERT INTO search_refs (ref, case_id, kind) SELECT id, id, 'case' FROM cases;
INSERT INTO search_refs (ref, case_id, kind) SELECT id, case_id, 'person' FROM persons;
INSERT INTO search_refs (ref, case_id, kind)
    SELECT DISTINCT id, case_id, 'signal' FROM records WHERE kind = 'signal';
INSERT INTO search_index (rowid, body)
    SELECT r.id, c.reference || ' ' || c.household_name
    FROM search_refs r JOIN cases c ON c.id = r.ref;
INSERT INTO search_index (rowid, body)
    SELECT r.id, p.name FROM search_refs r JOIN persons p ON p.id = r.ref;
INSERT INTO search_index (rowid, body)
    SELECT r.id, coalesce(json_extract(x.payload, '$.facts'), '') || ' '
                 || coalesce(json_extract(x.payload, '$.source_detail'), '')
    FROM search_refs r JOIN records x ON x.id = r.ref
    WHERE x.kind = 'signal'
      AND x.version = (SELECT max(version) FROM records WHERE id = x.id);

-- A team lead's review of a step 4/5 decision (besproken met de teamleider),
-- with a comment; kept as history, never changed.
CREATE TABLE reviews (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    record_id  TEXT NOT NULL,
    comment    TEXT NOT NULL CHECK (trim(comment) <> ''),
    created_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    device     TEXT NOT NULL
);
CREATE INDEX reviews_case ON reviews (case_id);
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are kept as they were written');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'reviews are kept as they were written');
END;
