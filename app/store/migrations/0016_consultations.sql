-- Sharing a case for a consultation (issue 21): read only, for a set time.
-- Both tables are append-only: a sharing is written once, and its end is a
-- row of its own, so two devices that both notice the end time add two
-- ends, never a conflict.

CREATE TABLE consultation_shares (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    consultant TEXT NOT NULL,
    shared_by  TEXT NOT NULL,
    length     TEXT NOT NULL,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    device     TEXT NOT NULL
);
CREATE INDEX consultation_shares_case ON consultation_shares (case_id);
CREATE INDEX consultation_shares_consultant ON consultation_shares (consultant);

-- early: 1 when a worker ended the sharing by hand, 0 when a device found
-- its end time passed. rolled: 1 when the device that wrote the end also
-- made the case's new key epoch without the consultant; an end without one
-- is completed by an admin's device (only admins' keys every store takes).
CREATE TABLE consultation_ends (
    id         TEXT PRIMARY KEY,
    share_id   TEXT NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    ended_at   TEXT NOT NULL,
    ended_by   TEXT NOT NULL,
    early      INTEGER NOT NULL CHECK (early IN (0, 1)),
    rolled     INTEGER NOT NULL CHECK (rolled IN (0, 1)),
    device     TEXT NOT NULL
);
CREATE INDEX consultation_ends_case ON consultation_ends (case_id);
