-- The household's details for Veilig Thuis (issue 14): per person an address
-- (typed in, or "woont op hetzelfde adres als" another person of the case),
-- a phone number, a child's school or day-care, the language spoken and
-- whether an interpreter is needed; the history of every person; and the
-- reporter's relation to the family in the handover details.
ALTER TABLE persons ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN same_address_as TEXT;
ALTER TABLE persons ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN school TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN interpreter_needed INTEGER CHECK (interpreter_needed IN (0, 1));

-- Every version of a person, like the versions of a signal: version 1 when
-- the person is added, a new version (with a reason when a filled-in value
-- changed) at every edit, and a last row with removed = 1 when the person is
-- taken out of the household. payload is the person as JSON (app/store/codec.py).
-- Not a foreign key to persons: the history stays when the person is removed,
-- and goes with the case when the whole case is erased.
CREATE TABLE person_versions (
    person_id  TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    reason     TEXT,
    removed    INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    created_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    device     TEXT NOT NULL,
    PRIMARY KEY (person_id, version)
);
CREATE INDEX person_versions_case ON person_versions (case_id);
CREATE TRIGGER person_versions_no_update BEFORE UPDATE ON person_versions
BEGIN
    SELECT RAISE(ABORT, 'person history is append-only');
END;
CREATE TRIGGER person_versions_no_delete BEFORE DELETE ON person_versions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'person history is append-only; erase the whole case instead');
END;

-- A removed person leaves the case's search text.
CREATE TRIGGER case_text_person_delete AFTER DELETE ON persons
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
BEGIN
    INSERT OR IGNORE INTO search_pending (case_id) VALUES (OLD.case_id);
END;

-- The people that were there before: their first version.
INSERT INTO person_versions (person_id, version, case_id, payload, created_at, author, device)
SELECT id, 1, case_id,
       json_object('id', id, 'case_id', case_id, 'name', name, 'role', role,
                   'date_of_birth', date_of_birth, 'age', age,
                   'parental_authority', CASE parental_authority WHEN 1 THEN json('true')
                                         WHEN 0 THEN json('false') END,
                   'provenance', NULL),
       created_at, author, device
FROM persons;

ALTER TABLE handover_details ADD COLUMN reporter_relation TEXT NOT NULL DEFAULT '';
