"""The conflicts of one case (what the case screen marks) are exactly the
store's conflicts that belong to that case, though read thing by thing."""

from __future__ import annotations

import json

import pytest

from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.oplog.test_store_log import META, _exchange

CASES = ("11111111-1111-4111-8111-111111111111", "33333333-3333-4333-8333-333333333333")
PEOPLE = ("22222222-2222-4222-8222-222222222222", "44444444-4444-4444-8444-444444444444")


def _case(store: Store, case_id: str, person_id: str) -> None:
    meta = {**META, "author": store.worker_id, "device": store.device_id}
    with store.transaction():
        store.ops.set("cases", case_id, {
            "reference": f"VW-2612-{case_id[:4]}", "household_name": "Familie Jansen",
            "status": "open", "closed_on": None, "created_at": "2026-12-01T10:00:00+00:00",
            "case_type": "youth"}, meta=meta)
        store.ops.set("persons", person_id, {
            "case_id": case_id, "name": "Anna", "role": "parent", "date_of_birth": None,
            "age": 30, "parental_authority": None, "created_at": "2026-12-01T10:00:00+00:00",
            "street": "", "postcode": "", "place": "", "same_address_as": None, "phone": "",
            "school": "", "language": "", "interpreter_needed": None}, meta=meta)


@pytest.fixture
def conflicted(tmp_path):
    """Two stores that edited both cases at once; in the second case one
    removed a person the other named in a new signal."""
    a = Store.create(tmp_path / "a.db", PASSPHRASE)
    b = Store.create(tmp_path / "b.db", PASSPHRASE)
    for case_id, person_id in zip(CASES, PEOPLE, strict=True):
        _case(a, case_id, person_id)
    _exchange(a, b)
    for store, name in ((a, "Familie Jansen-de Vries"), (b, "Familie de Vries")):
        with store.transaction():
            for case_id, person_id in zip(CASES, PEOPLE, strict=True):
                store.ops.set("cases", case_id, {"household_name": name})
                store.ops.set("persons", person_id, {"name": "Anna " + name[8:12]})
    with a.transaction():
        a.ops.remove("persons", PEOPLE[1], meta=META)
    with b.transaction():
        b.ops.append("records", {
            "id": "r9", "case_id": CASES[1], "kind": "signal",
            "payload": json.dumps({"concerns": [PEOPLE[1]]}), "reason": None,
            "created_at": "2026-12-01T10:00:00+00:00", "author": "w", "device": "d"})
    _exchange(a, b)
    _exchange(b, a)
    yield a, b
    a.close()
    b.close()


def test_a_case_has_its_own_conflicts_and_no_others(conflicted):
    for store in conflicted:
        every = store.ops.conflicts()
        assert {c.case_id for c in every} == set(CASES)
        for case_id in CASES:
            own = store.ops.conflicts(case_id)
            assert own == [c for c in every if c.case_id == case_id]
            assert {(c.entity, c.field) for c in own if c.kind == "field"} == {
                ("cases", "household_name"), ("persons", "name")}
        assert [c.kind for c in store.ops.conflicts(CASES[1])].count("removed_named") == 1
        assert "removed_named" not in [c.kind for c in store.ops.conflicts(CASES[0])]
        assert store.ops.conflicts("55555555-5555-4555-8555-555555555555") == []
