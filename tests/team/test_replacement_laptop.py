"""Issue 20: a worker's replacement laptop joins as a new device of the same
worker and reads that worker's cases: the one they made and the one they
were put on, of every key epoch (their lost laptop's removal made new ones).
Only a new, empty kluis can become another worker's laptop."""

from __future__ import annotations

import json

import pytest

from app.cases.model import Role
from app.services import cases, caseteam, meldcode, team
from app.services.team import TeamError
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.team.helpers import lead_store, member_store, new_case, signal, signal_texts


def _sync(stores, url) -> None:
    for store in (*stores, *stores):
        assert team.sync_once(store, url).refused == {}


def test_a_replacement_laptop_reads_the_workers_cases(tmp_path, nats_server):
    lead = lead_store(tmp_path / "lead.db")
    sanne = member_store(tmp_path / "sanne.db", lead)
    other = member_store(tmp_path / "other.db", lead)
    stores = [lead, sanne, other]
    new = None
    try:
        _sync(stores, nats_server.url)
        own = new_case(sanne, "Jansen")
        child = cases.add_person(sanne, own, "Mila Jansen", Role.CHILD).id
        meldcode.record_signal(sanne, own, signal("blauwe plek op de arm", child))
        theirs = new_case(other, "Bakker")
        father = cases.add_person(other, theirs, "Kees Bakker", Role.PARENT).id
        meldcode.record_signal(other, theirs, signal("schreeuwen in de gang", father))
        elsewhere = new_case(other, "de Vries")
        _sync(stores, nats_server.url)
        caseteam.add_member(lead, theirs, sanne.worker_id)
        _sync(stores, nats_server.url)

        # Sanne's laptop is lost: it goes, and the lead writes on after it.
        team.remove(lead, sanne.device_id)
        stores.remove(sanne)
        meldcode.record_signal(lead, own, signal("na het verlies", child))
        _sync(stores, nats_server.url)

        new = Store.create(tmp_path / "nieuw.db", PASSPHRASE)
        request, fingerprint = team.join_request(new, sanne.worker_id)
        assert new.worker_id == sanne.worker_id
        member, seen = team.read_request(json.dumps(request).encode())
        assert seen == fingerprint and member.worker == sanne.worker_id
        team.join(new, json.dumps(team.admit(lead, member)).encode())
        _sync([lead, new], nats_server.url)

        assert signal_texts(new, own) == ["blauwe plek op de arm", "na het verlies"]
        assert signal_texts(new, theirs) == ["schreeuwen in de gang"]
        with pytest.raises(cases.CaseNotFound):
            signal_texts(new, elsewhere)  # not Sanne's: need to know
        # What the new laptop writes is Sanne's.
        meldcode.record_signal(new, own, signal("vanaf de nieuwe laptop", child))
        _sync([new, lead], nats_server.url)
        assert "vanaf de nieuwe laptop" in signal_texts(lead, own)
        assert caseteam.case_team(lead, own).lead == sanne.worker_id
    finally:
        for store in (lead, sanne, other, new):
            if store is not None:
                store.close()


def test_only_a_new_empty_kluis_becomes_another_workers_laptop(tmp_path):
    lead = lead_store(tmp_path / "lead.db")
    used = Store.create(tmp_path / "used.db", PASSPHRASE)
    fresh = Store.create(tmp_path / "fresh.db", PASSPHRASE)
    try:
        cases.create_case(used, "Jansen")
        before = used.worker_id
        with pytest.raises(TeamError, match="nieuwe, lege kluis"):
            team.join_request(used, lead.worker_id)
        assert used.worker_id == before
        with pytest.raises(TeamError, match="medewerker-id"):
            team.join_request(fresh, "niet-een-id")
        team.join_request(fresh, lead.worker_id)
        fresh.close()
        fresh = Store.open(tmp_path / "fresh.db", PASSPHRASE)
        assert fresh.worker_id == lead.worker_id  # kept in the kluis
    finally:
        for store in (lead, used, fresh):
            store.close()
