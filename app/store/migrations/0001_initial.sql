-- Store metadata: random ids, the kind of store (real, demo, training).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Casus. current_step, safety_phase and next_due are kept up to date by the
-- services that change them, so the case list is one indexed query.
CREATE TABLE cases (
    id             TEXT PRIMARY KEY,
    reference      TEXT NOT NULL UNIQUE,
    household_name TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    current_step   INTEGER NOT NULL DEFAULT 1 CHECK (current_step BETWEEN 1 AND 5),
    safety_phase   INTEGER CHECK (safety_phase BETWEEN 1 AND 5),
    next_due       TEXT,
    closed_on      TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    author         TEXT NOT NULL,
    device         TEXT NOT NULL
);
CREATE INDEX cases_updated_at ON cases (updated_at);

-- Betrokkene: a member of the household or network of one case.
CREATE TABLE persons (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    role               TEXT NOT NULL CHECK (role IN ('child', 'parent', 'partner', 'ex_partner',
                                                      'household_member', 'outside_household')),
    date_of_birth      TEXT,
    age                INTEGER CHECK (age BETWEEN 0 AND 120),
    parental_authority INTEGER CHECK (parental_authority IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    author             TEXT NOT NULL,
    device             TEXT NOT NULL
);
CREATE INDEX persons_case ON persons (case_id);

-- Append-only audit log with a hash chain. seq orders the chain inside this
-- store only; the entry's own key is the UUID in id. detail holds no personal
-- data: ids and codes only.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    device      TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT,
    object_id   TEXT,
    detail      TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
