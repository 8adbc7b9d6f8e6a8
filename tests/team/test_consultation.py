"""Issue 21: a case shared for a consultation, read only and for a set time,
on the wire. The consultant reads the whole case while the sharing runs,
changes nothing (every other store refuses it), and reads nothing written
after it ended; the start and the end are in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.cases.model import Role, utc_now
from app.caseteam.consultation import ConsultationLength
from app.services import cases, caseteam, meldcode
from tests.team.helpers import directory_team, new_case, signal, signal_texts, sync_all


def _texts(store, case_id) -> list[str] | None:
    """The case's signal texts as the store's app shows them; None when it
    does not show the case."""
    try:
        cases.find_case(store, case_id)  # what opening the case and its pages go through
        return signal_texts(store, case_id)
    except cases.CaseNotFound:
        return None


def _audit_keys(store, case_id) -> list[str]:
    return [key for (key,) in store.conn.execute(
        "SELECT json_extract(detail, '$.key') FROM audit_log WHERE object_id = ?"
        " AND json_extract(detail, '$.key') LIKE 'consultation%' ORDER BY seq", (case_id,))]


@pytest.fixture
def wijkteam(tmp_path, nats_server):
    """Ans leads the team; Sanne made a case with a signal; Fatima (the
    aandachtsfunctionaris) is in the team but not on the case."""
    stores = lead, sanne, fatima = directory_team(tmp_path, "Ans", "Sanne", "Fatima")
    case_id = new_case(sanne, "Jansen")
    child = cases.add_person(sanne, case_id, "Mila Jansen", Role.CHILD).id
    meldcode.record_signal(sanne, case_id, signal("blauwe plek op de arm", child))
    assert sync_all(stores, nats_server.url) == {}
    assert _texts(fatima, case_id) is None  # need to know: not on the case
    yield stores, case_id, nats_server.url, child
    for store in stores:
        store.close()


def test_the_consultant_reads_the_case_until_it_is_ended_by_hand(wijkteam):
    (lead, sanne, fatima), case_id, url, child = wijkteam
    shared = caseteam.share_for_consultation(sanne, case_id, fatima.worker_id)
    assert shared.ends_at - shared.starts_at == timedelta(weeks=1)  # the default
    assert sync_all((lead, sanne, fatima), url) == {}
    assert _texts(fatima, case_id) == ["blauwe plek op de arm"]
    mine = caseteam.case_team(fatima, case_id).mine()
    assert mine is not None and mine.ends_at == shared.ends_at
    assert caseteam.case_team(sanne, case_id).mine() is None  # Sanne is on the case

    caseteam.end_consultation(sanne, shared.id)
    assert sync_all((lead, sanne, fatima), url) == {}
    # Fatima's app learns of the end under the key she still holds, and stops
    # showing the case; the lead's device then makes the case's new key.
    assert _texts(fatima, case_id) is None
    assert case_id not in {c.id for c in cases.list_cases(fatima)}
    assert case_id in caseteam.settle_consultations(fatima)
    assert fatima.team.keys().current_key(case_id) is None  # her copy dropped
    epoch = lead.team.keys().current_key(case_id).epoch
    assert case_id in caseteam.settle_consultations(lead)
    assert lead.team.keys().current_key(case_id).epoch == epoch + 1
    assert caseteam.settle_consultations(lead) == frozenset()  # once
    meldcode.record_signal(sanne, case_id, signal("huilend aan de deur", child))
    assert sync_all((lead, sanne, fatima), url) == {}
    assert signal_texts(lead, case_id) == ["blauwe plek op de arm", "huilend aan de deur"]
    assert fatima.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    assert _audit_keys(sanne, case_id) == ["consultation_started", "consultation_ended"]
    assert _audit_keys(lead, case_id) == ["consultation_ended"]


def test_the_sharing_ends_by_itself_at_its_end_time(wijkteam):
    (lead, sanne, fatima), case_id, url, child = wijkteam
    shared = caseteam.share_for_consultation(sanne, case_id, fatima.worker_id,
                                             ConsultationLength.DAY)
    assert sync_all((lead, sanne, fatima), url) == {}
    before, after = shared.ends_at - timedelta(minutes=1), shared.ends_at
    assert caseteam.hidden_cases(fatima, before) == frozenset()
    assert caseteam.hidden_cases(fatima, after) == {case_id}
    assert caseteam.settle_consultations(lead, before) == frozenset()
    epoch = lead.team.keys().current_key(case_id).epoch
    assert caseteam.settle_consultations(lead, after) == {case_id}  # the first to notice
    assert lead.team.keys().current_key(case_id).epoch == epoch + 1
    caseteam.settle_consultations(fatima, after)
    assert fatima.team.keys().current_key(case_id) is None
    meldcode.record_signal(sanne, case_id, signal("huilend aan de deur", child))
    assert sync_all((lead, sanne, fatima), url) == {}
    ended = caseteam.case_team(sanne, case_id).consultations
    assert [c.ended_at for c in ended] == [shared.ends_at]  # the time in the operation
    assert caseteam.case_team(sanne, case_id).running(after) == ()
    assert fatima.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    # Sanne's device is no admin: it records nothing more, the lead's did.
    assert caseteam.settle_consultations(sanne, after) == frozenset()


def test_a_change_from_the_consultants_device_is_refused_by_every_other_store(wijkteam):
    (lead, sanne, fatima), case_id, url, child = wijkteam
    caseteam.share_for_consultation(sanne, case_id, fatima.worker_id)
    assert sync_all((lead, sanne, fatima), url) == {}
    cases.open_case(fatima, case_id)  # what she viewed is logged and travels
    meldcode.record_signal(fatima, case_id, signal("door de consultant geschreven", child))
    with pytest.raises(caseteam.NotAllowed):  # nor may she ask for a review
        caseteam.ask_review(fatima, case_id, "mag ik dit bespreken")
    # The signal is two operations (the record, the case's last change).
    assert sync_all((lead, sanne, fatima), url) == {caseteam.READ_ONLY: 4}
    for store in (lead, sanne):
        assert store.team.stream().refused() == {caseteam.READ_ONLY: 2}
        assert signal_texts(store, case_id) == ["blauwe plek op de arm"]
        assert store.conn.execute(
            "SELECT count(*) FROM operations WHERE device = ? AND entity = 'audit_log'",
            (fatima.device_id,)).fetchone()[0] >= 1


def test_a_sharing_with_a_forged_length_is_refused(wijkteam):
    (lead, sanne, fatima), case_id, url, child = wijkteam
    start = utc_now()
    forged = caseteam.Consultation("c0ffee00-0000-4000-8000-000000000000", case_id,
                                   fatima.worker_id, sanne.worker_id,
                                   ConsultationLength.DAY, start, start + timedelta(days=90))
    with sanne.transaction():
        sanne.consultations.share(forged, sanne.device_id)
    assert sync_all((lead, sanne, fatima), url) == {caseteam.NOT_ALLOWED: 1}
    assert lead.consultations.of_case(case_id) == []

