"""Issue 21 on the wire: a case's key follows its members. A colleague the
lead puts on a case can read it after the next sync; once taken off, they
cannot read what is written after (a new key epoch for the others)."""

from __future__ import annotations

from app.cases.model import Role
from app.services import cases, caseteam, meldcode, team
from tests.team.helpers import lead_store, member_store, new_case, signal, signal_texts


def _texts(store, case_id) -> list[str] | None:
    """The case's signal texts on ``store``; None when it does not have the case."""
    try:
        return signal_texts(store, case_id)
    except cases.CaseNotFound:
        return None


def _sync(stores, url) -> None:
    for store in (*stores, *stores):
        assert team.sync_once(store, url).refused == {}


def test_a_member_reads_the_case_and_a_removed_one_not_what_comes_after(tmp_path,
                                                                        nats_server):
    lead = lead_store(tmp_path / "lead.db")
    a = member_store(tmp_path / "a.db", lead)
    b = member_store(tmp_path / "b.db", lead)
    stores = (lead, a, b)
    try:
        _sync(stores, nats_server.url)
        case_id = new_case(a, "Jansen")
        child = cases.add_person(a, case_id, "Mila Jansen", Role.CHILD).id
        meldcode.record_signal(a, case_id, signal("blauwe plek op de arm", child))
        _sync(stores, nats_server.url)
        assert signal_texts(lead, case_id) == ["blauwe plek op de arm"]  # an admin
        assert _texts(b, case_id) is None  # not on the case: need to know

        caseteam.add_member(lead, case_id, b.worker_id)
        _sync(stores, nats_server.url)
        assert _texts(b, case_id) == ["blauwe plek op de arm"]
        assert b.worker_id in caseteam.case_team(a, case_id).co_workers

        caseteam.remove_member(lead, case_id, b.worker_id)
        _sync(stores, nats_server.url)
        meldcode.record_signal(a, case_id, signal("huilend aan de deur", child))
        _sync(stores, nats_server.url)
        assert signal_texts(lead, case_id) == ["blauwe plek op de arm", "huilend aan de deur"]
        assert _texts(b, case_id) == ["blauwe plek op de arm"]
    finally:
        for store in stores:
            store.close()
