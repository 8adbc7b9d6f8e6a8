-- Working as a team on the operation log (issue 21): the worker directory,
-- the members of a case, the casusregisseur, requests for a review, and what
-- this worker has seen of each case.

-- The worker directory (medewerkers van het team): worker id -> display name
-- and role in the team. Team-wide registers (operations with case "-").
CREATE TABLE workers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('lead', 'deputy', 'worker')),
    updated_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    device     TEXT NOT NULL
);

-- Co-workers (medewerkers) on a case. One row per case and worker, its id
-- made from both, so that two devices adding the same colleague merge into
-- one register; removing is the ``removed`` register, as for persons.
CREATE TABLE case_members (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    worker_id  TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    device     TEXT NOT NULL
);
CREATE INDEX case_members_case ON case_members (case_id);
CREATE INDEX case_members_worker ON case_members (worker_id);

-- The casusregisseur: a register of the case, so that two takeovers made
-- without seeing each other are a conflict a person settles. Empty: the
-- worker who created the case.
ALTER TABLE cases ADD COLUMN case_lead TEXT;

-- A worker asks the team lead to discuss the case (append-only).
CREATE TABLE review_requests (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    device     TEXT NOT NULL
);
CREATE INDEX review_requests_case ON review_requests (case_id);

-- New since you looked: local, never an operation. ``foreign_seq`` is the
-- newest operation of the case from another device, ``seen_seq`` how far
-- the log was when this worker last opened the case. The trigger starts
-- with this migration: what arrived before it marks no case.
CREATE TABLE case_seen (
    case_id     TEXT PRIMARY KEY,
    foreign_seq INTEGER NOT NULL DEFAULT 0,
    seen_seq    INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER case_seen_foreign AFTER INSERT ON operations
WHEN NEW.case_id <> '-' AND NEW.entity <> 'audit_log'
     AND NEW.device <> (SELECT value FROM meta WHERE key = 'device_id')
BEGIN
    INSERT INTO case_seen (case_id, foreign_seq) VALUES (NEW.case_id, NEW.seq)
    ON CONFLICT (case_id) DO UPDATE SET foreign_seq = max(foreign_seq, excluded.foreign_seq);
END;

CREATE TRIGGER case_seen_gone AFTER DELETE ON cases
BEGIN
    DELETE FROM case_seen WHERE case_id = OLD.id;
END;
