-- Which cases' list rows changed, in the order they changed (de caselijst,
-- issue 17): going back from a case to the list reads only those cases,
-- instead of all 30,000 of a team lead's store.
--
-- Kept by triggers on ``cases`` itself, not taken from ``operations``: the
-- list's step, phase and due date are local columns written without an
-- operation (``CaseRepository.set_summary``), and erasing a case deletes its
-- rows. A trigger sees every write of a column the list shows, whatever
-- wrote it. AUTOINCREMENT: a number is never given twice, also after the
-- table is cleared (``CaseRepository.forget_list_changes``); a reader that
-- finds numbers missing after its own reads the whole list.

CREATE TABLE case_list_changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL
);

CREATE TRIGGER case_list_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_list_changes (case_id) VALUES (NEW.id);
END;

CREATE TRIGGER case_list_delete AFTER DELETE ON cases
BEGIN
    INSERT INTO case_list_changes (case_id) VALUES (OLD.id);
END;

CREATE TRIGGER case_list_update AFTER UPDATE OF
    id, reference, household_name, status, current_step, safety_phase, next_due, updated_at
    ON cases
BEGIN
    INSERT INTO case_list_changes (case_id) VALUES (OLD.id);
    INSERT INTO case_list_changes (case_id) SELECT NEW.id WHERE NEW.id IS NOT OLD.id;
END;
