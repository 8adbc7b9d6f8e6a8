-- The handover to Veilig Thuis (overdracht): the worker as reporter, the
-- handover details of a case, and the feedback Veilig Thuis gives after a
-- report (terugkoppeling). The values and their rules: app/forms/handover.py.

-- The worker's profile as reporter (melder). One per store: the singleton
-- column allows one row only.
CREATE TABLE worker_profile (
    id           TEXT PRIMARY KEY,
    singleton    INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author       TEXT NOT NULL,
    device       TEXT NOT NULL
);

-- Per case, what the handover needs that the meldcode records do not hold.
-- report_kind is NULL until the worker chooses advice or report.
-- not_for_family is kept apart in every export and never in the client's copy.
CREATE TABLE handover_details (
    case_id             TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    id                  TEXT NOT NULL UNIQUE,
    report_kind         TEXT CHECK (report_kind IN ('advice', 'report')),
    other_professionals TEXT NOT NULL DEFAULT '',
    supporting_network  TEXT NOT NULL DEFAULT '',
    agreements          TEXT NOT NULL DEFAULT '',
    not_for_family      TEXT NOT NULL DEFAULT '',
    attachments         TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    author              TEXT NOT NULL,
    device              TEXT NOT NULL
);

-- Terugkoppeling van Veilig Thuis. conditions holds the safety conditions
-- handed back, one per line, until the safety plan takes them over.
CREATE TABLE vt_feedback (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    received_on  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'after_safety_assessment',
                                               'after_investigation')),
    vt_reference TEXT NOT NULL DEFAULT '',
    route        TEXT CHECK (route IN ('direct_handover', 'conditions_and_follow_up',
                                       'investigation', 'no_follow_up')),
    notes        TEXT NOT NULL DEFAULT '',
    conditions   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    author       TEXT NOT NULL,
    device       TEXT NOT NULL
);
CREATE INDEX vt_feedback_case ON vt_feedback (case_id, received_on);
