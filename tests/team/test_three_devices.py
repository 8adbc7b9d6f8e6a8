"""The must-show of issue 20 on the real log: three stores, three devices,
offline edits on all three through the services, then sync over a real
nats-server: identical projections, and the same field edited on every
device is one open conflict on every device."""

from __future__ import annotations

from app.cases.model import Role
from app.services import cases, exchange, meldcode, team
from tests.team.helpers import (
    give_case,
    lead_store,
    member_store,
    new_case,
    projections,
    signal,
    signal_texts,
)


def test_offline_edits_on_three_devices_converge_and_conflict_everywhere(tmp_path,
                                                                         nats_server):
    lead = lead_store(tmp_path / "lead.db")
    a = member_store(tmp_path / "a.db", lead)
    b = member_store(tmp_path / "b.db", lead)
    stores = (lead, a, b)
    try:
        team.sync_once(lead, nats_server.url)
        team.sync_once(a, nats_server.url)  # A learns the member list (B is in it)
        case_id = new_case(a, "Jansen")
        mother = cases.add_person(a, case_id, "Sanne de Vries", Role.PARENT,
                                  street="Lindelaan 4").id
        give_case(a, case_id, b.device_id)  # B works on A's case (issue 21's members)
        for store in (a, lead, b):
            team.sync_once(store, nats_server.url)
        assert all(cases.find_case(s, case_id).people[0].street == "Lindelaan 4"
                   for s in stores)

        # Offline, each device: a signal of its own and the same field changed.
        for store, street in zip(stores, ("Eikenlaan 1", "Beukenlaan 2", "Wilgenlaan 3"),
                                 strict=True):
            meldcode.record_signal(store, case_id,
                                   signal(f"gezien door {store.device_id[:8]}", mother))
            cases.edit_person(store, case_id, mother, reason="verhuisd", street=street)
        assert len({repr(projections(s)) for s in stores}) == 3

        for store in (*stores, *stores):  # everyone sends, then everyone reads the rest
            report = team.sync_once(store, nats_server.url)
            assert report.refused == {}

        first = projections(lead)
        assert first["records"] and first["persons"] and first["cases"]
        assert projections(a) == first and projections(b) == first
        assert len(signal_texts(lead, case_id)) == 3
        for store in stores:
            open_ = exchange.open_conflicts(store, case_id)
            assert [(c.conflict.entity, c.conflict.field) for c in open_] == [
                ("persons", "street")]
            assert sorted(v.value for v in open_[0].versions) == [
                "Beukenlaan 2", "Eikenlaan 1", "Wilgenlaan 3"]
            assert {v.device for v in open_[0].versions} == {s.device_id for s in stores}
    finally:
        for store in stores:
            store.close()
