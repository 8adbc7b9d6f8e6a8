-- Safety plans (gefaseerd samenwerken aan veiligheid): the plan of a case and
-- where it stands in the five phases.
--
-- safety_plans: one row per saved version of a case's plan. payload is the
-- domain's CasePlan and phase_state its PhaseState, both as JSON
-- (app/store/codec.py, app/store/safety.py). A version is never changed in
-- place: every change of the plan is a new row with the next version number,
-- so the history of the plan and of the phase (relapses included) is kept.
-- change names the user intent that made the version (a code, no free text).
CREATE TABLE safety_plans (
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    payload     TEXT NOT NULL CHECK (json_valid(payload)),
    phase_state TEXT NOT NULL CHECK (json_valid(phase_state)),
    phase       INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 5),
    change      TEXT NOT NULL CHECK (trim(change) <> ''),
    created_at  TEXT NOT NULL,
    author      TEXT NOT NULL,
    device      TEXT NOT NULL,
    PRIMARY KEY (case_id, version)
) WITHOUT ROWID;

-- Versions run 1, 2, 3 … per case without gaps.
CREATE TRIGGER safety_plans_versions_in_order BEFORE INSERT ON safety_plans
WHEN NEW.version <> 1 + (SELECT count(*) FROM safety_plans WHERE case_id = NEW.case_id)
BEGIN
    SELECT RAISE(ABORT, 'a safety plan version follows the previous version of the same case');
END;

-- Append-only, as the meldcode records (see 0002): UPDATE is always refused;
-- DELETE only succeeds while erasing the whole case (the case row is gone
-- before the cascade reaches these rows).
CREATE TRIGGER safety_plans_no_update BEFORE UPDATE ON safety_plans
BEGIN
    SELECT RAISE(ABORT, 'safety plans are append-only');
END;
CREATE TRIGGER safety_plans_no_delete BEFORE DELETE ON safety_plans
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'safety plans are append-only; erase the whole case instead');
END;
