-- Every change is an operation (issue 19, ../shared/TEAM.md): the store keeps
-- every operation it has seen, and the tables the screens read are
-- projections of them (app/store/oplog.py is the only code that writes them).
--
-- operations: immutable. body is the canonical JSON that was signed
-- (app/oplog/operation.py), signature its Ed25519 signature over the
-- operation context. seq is the local order of arrival: the cursor of an
-- export. hlc is the hybrid logical clock as sortable text.
CREATE TABLE operations (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id     TEXT NOT NULL UNIQUE,
    case_id   TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('set', 'append', 'erase')),
    hlc       TEXT NOT NULL,
    author    TEXT NOT NULL,
    device    TEXT NOT NULL,
    body      BLOB NOT NULL,
    signature BLOB NOT NULL CHECK (length(signature) = 64)
);
CREATE INDEX operations_entity ON operations (entity, entity_id, hlc);
CREATE INDEX operations_case ON operations (case_id);
CREATE TRIGGER operations_no_update BEFORE UPDATE ON operations
BEGIN
    SELECT RAISE(ABORT, 'operations are immutable');
END;
-- Only erasing a case (its tombstone is in erased_cases first) removes its
-- operations; the tombstone operation itself stays.
CREATE TRIGGER operations_no_delete BEFORE DELETE ON operations
WHEN OLD.kind = 'erase' OR NOT EXISTS (SELECT 1 FROM erased_cases WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'operations are immutable; erase the whole case instead');
END;

-- The multi-value register of every mutable field: each operation that set
-- it (value as JSON) and, apart, every op id named as a parent of that field
-- (kept also before the named operation arrives). Heads: field_ops not named
-- in field_parents.
CREATE TABLE field_ops (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    op_id     TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, op_id)
) WITHOUT ROWID;
CREATE TABLE field_parents (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    op_id     TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, op_id)
) WITHOUT ROWID;
CREATE VIEW field_heads AS
SELECT f.* FROM field_ops f
WHERE NOT EXISTS (SELECT 1 FROM field_parents p
                  WHERE p.entity = f.entity AND p.entity_id = f.entity_id
                    AND p.field = f.field AND p.op_id = f.op_id);
-- A field is in conflict while its heads hold more than one value.
CREATE VIEW field_conflicts AS
SELECT entity, entity_id, field FROM field_heads
GROUP BY entity, entity_id, field HAVING count(DISTINCT value) > 1;

-- The people an operation names (ids found in its change), and the
-- operations naming a person that a removal acknowledged (``ack``).
CREATE TABLE op_refs (
    person_id TEXT NOT NULL,
    op_id     TEXT NOT NULL,
    PRIMARY KEY (person_id, op_id)
) WITHOUT ROWID;
CREATE TABLE op_acks (
    person_id TEXT NOT NULL,
    op_id     TEXT NOT NULL,
    PRIMARY KEY (person_id, op_id)
) WITHOUT ROWID;

-- Own operations not yet acknowledged by the team's stream (issue 17 sends
-- them); a file export does not acknowledge anything.
CREATE TABLE outbox (
    op_id TEXT PRIMARY KEY REFERENCES operations (op_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- How far this store has read another store's or a stream's operations.
CREATE TABLE op_cursors (
    source   TEXT PRIMARY KEY,
    position INTEGER NOT NULL
) WITHOUT ROWID;

-- Erased cases: every operation and projection of the case is gone, and
-- operations of the case that arrive later are dropped.
CREATE TABLE erased_cases (
    case_id TEXT PRIMARY KEY,
    op_id   TEXT NOT NULL
) WITHOUT ROWID;

-- Public keys of the devices whose operations this store holds; trust on
-- first use until team membership exists (issue 20).
CREATE TABLE device_keys (
    device     TEXT PRIMARY KEY,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    first_seen TEXT NOT NULL
) WITHOUT ROWID;

-- While a projection is rebuilt from its operations (a version from another
-- device that sorts before ours), its append-only rows may be replaced; the
-- row here exists only inside that transaction.
CREATE TABLE projection_rebuild (
    case_id TEXT PRIMARY KEY
) WITHOUT ROWID;

DROP TRIGGER records_no_delete;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
 AND NOT EXISTS (SELECT 1 FROM projection_rebuild WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'records are append-only; erase the whole case instead');
END;
DROP TRIGGER safety_plans_no_delete;
CREATE TRIGGER safety_plans_no_delete BEFORE DELETE ON safety_plans
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
 AND NOT EXISTS (SELECT 1 FROM projection_rebuild WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'safety plans are append-only; erase the whole case instead');
END;
DROP TRIGGER person_versions_no_delete;
CREATE TRIGGER person_versions_no_delete BEFORE DELETE ON person_versions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
 AND NOT EXISTS (SELECT 1 FROM projection_rebuild WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'person history is append-only; erase the whole case instead');
END;
-- Safety-plan versions: two devices that save concurrently both make a
-- version; the projection numbers them in the order (hlc, op_id), so the
-- plain count check stays, applied to rows written in that order.
