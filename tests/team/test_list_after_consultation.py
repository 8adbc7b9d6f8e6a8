"""A consultation ends by time, with nothing written: the case list read
row by row (``cases.list_changes``, back to the list, issue 17) still
drops the case from the consultant's list once it is over, as a full read
does, and shows it again when a new sharing starts."""

from __future__ import annotations

import pytest

from app.caseteam.consultation import ConsultationLength
from app.services import cases, caseteam
from tests.team.helpers import directory_team, new_case, sync_all


def _updated(old: list, changes) -> list:
    rows, changed, _at = changes
    return sorted([c for c in old if c.id not in changed] + rows, key=lambda c: c.id)


def test_a_consultation_over_by_time_leaves_the_list_as_a_full_read(
        tmp_path, nats_server, monkeypatch):
    stores = lead, sanne, fatima = directory_team(tmp_path, "Ans", "Sanne", "Fatima")
    try:
        case_id = new_case(sanne, "Jansen")
        assert sync_all(stores, nats_server.url) == {}  # the team's list of workers
        shared = caseteam.share_for_consultation(sanne, case_id, fatima.worker_id,
                                                 ConsultationLength.DAY)
        assert sync_all(stores, nats_server.url) == {}
        listed, read = cases.list_cases_read(fatima)
        assert case_id in {c.id for c in listed}

        monkeypatch.setattr(caseteam, "utc_now", lambda: shared.ends_at)  # the day is over
        changes = cases.list_changes(fatima, read)
        assert changes is not None and case_id in changes[1]
        after = _updated(listed, changes)
        assert case_id not in {c.id for c in after}
        assert after == sorted(cases.list_cases(fatima), key=lambda c: c.id)

        monkeypatch.undo()  # time back: shared again, so shown again
        again = cases.list_changes(fatima, changes[2])
        assert again is not None and case_id in again[1]
        assert _updated(after, again) == sorted(cases.list_cases(fatima), key=lambda c: c.id)
        assert case_id in {c.id for c in _updated(after, again)}
    finally:
        for store in stores:
            store.close()


@pytest.mark.parametrize("changed", [0, 1])
def test_nothing_or_one_case_changed_is_told_as_such(tmp_path, nats_server, changed):
    lead, sanne = directory_team(tmp_path, "Ans", "Sanne")
    try:
        ids = [new_case(sanne, name) for name in ("Jansen", "de Vries")]
        _listed, read = cases.list_cases_read(sanne)
        for case_id in ids[:changed]:
            cases.open_case(sanne, case_id)  # seen: no change to the list
            cases.add_person(sanne, case_id, "Noor", cases.Role.CHILD, age=4)
        rows, told, _at = cases.list_changes(sanne, read)
        assert told == frozenset(ids[:changed])
        assert [r.id for r in rows] == ids[:changed]
    finally:
        lead.close()
        sanne.close()
