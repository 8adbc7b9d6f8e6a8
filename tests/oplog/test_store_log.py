"""The store as a log: operations signed and kept, tables projected from them,
two real stores exchanging operations, erasure, and verify's replay."""

from __future__ import annotations

import json

import pytest

from app.store.oplog import import_batch
from app.store.store import Store
from tests.conftest import PASSPHRASE

CASE = "11111111-1111-4111-8111-111111111111"
PERSON = "22222222-2222-4222-8222-222222222222"
META = {"updated_at": "2026-12-01T10:00:00+00:00"}


def _new_case(store: Store, name="Familie Jansen"):
    with store.transaction():
        store.ops.set("cases", CASE, {
            "reference": "VW-2612-ABCD", "household_name": name, "status": "open",
            "closed_on": None, "created_at": "2026-12-01T10:00:00+00:00", "case_type": "youth",
        }, meta={**META, "author": store.worker_id, "device": store.device_id})


def _add_person(store: Store, name="Anna"):
    with store.transaction():
        store.ops.set("persons", PERSON, {
            "case_id": CASE, "name": name, "role": "parent", "date_of_birth": None, "age": 30,
            "parental_authority": None, "created_at": "2026-12-01T10:00:00+00:00",
            "street": "", "postcode": "", "place": "", "same_address_as": None, "phone": "",
            "school": "", "language": "", "interpreter_needed": None,
        }, meta={**META, "author": store.worker_id, "device": store.device_id})


def _exchange(source: Store, target: Store, since: int = 0):
    items = [(bytes(b), bytes(s)) for _seq, b, s in source.ops.since(since)]
    with target.transaction():
        return import_batch(target.ops, items, source.ops.devices())


@pytest.fixture
def two(tmp_path):
    a = Store.create(tmp_path / "a.db", PASSPHRASE)
    b = Store.create(tmp_path / "b.db", PASSPHRASE)
    yield a, b
    a.close()
    b.close()


def _household(store: Store) -> str | None:
    row = store.conn.execute("SELECT household_name FROM cases WHERE id = ?", (CASE,)).fetchone()
    return row and row[0]


def test_a_change_is_a_signed_operation_and_its_projection(store):
    _new_case(store)
    assert _household(store) == "Familie Jansen"
    body, signature = store.conn.execute(
        "SELECT body, signature FROM operations WHERE entity = 'cases'").fetchone()
    doc = json.loads(body)
    assert doc["change"]["household_name"] == "Familie Jansen"
    assert doc["author"] == store.worker_id and doc["device"] == store.device_id
    from app.oplog.operation import SignedOperation
    assert SignedOperation.read(bytes(body), bytes(signature)).verifies(
        store.signing_key().public_key)
    assert store.ops.outbox_count() >= 1
    assert store.ops.differences() == []


def test_audit_entries_are_operations_too(store):
    entries = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    ops = store.conn.execute(
        "SELECT count(*) FROM operations WHERE entity = 'audit_log'").fetchone()[0]
    assert entries == ops >= 1


def test_another_store_gets_the_case_and_its_person(two):
    a, b = two
    _new_case(a)
    _add_person(a)
    result = _exchange(a, b)
    assert result.refused == () and result.applied > 0
    assert [d for d, _k in result.new_devices] == [a.device_id]
    assert _household(b) == "Familie Jansen"
    assert b.conn.execute("SELECT name FROM persons WHERE id = ?", (PERSON,)).fetchone() == \
        ("Anna",)
    again = _exchange(a, b)
    assert again.applied == 0 and again.already_here > 0
    assert b.ops.differences() == []


def test_concurrent_edits_conflict_on_both_and_a_resolution_clears_them(two):
    a, b = two
    _new_case(a)
    _exchange(a, b)
    with a.transaction():
        a.ops.set("cases", CASE, {"household_name": "Familie Jansen-de Vries"})
    with b.transaction():
        b.ops.set("cases", CASE, {"household_name": "Familie de Vries"})
    mark_a, mark_b = a.ops.last_seq(), b.ops.last_seq()
    _exchange(a, b)
    _exchange(b, a)
    for store in (a, b):
        [conflict] = store.ops.conflicts()
        assert (conflict.entity, conflict.field) == ("cases", "household_name")
        assert {v.value for v in conflict.versions} == {"Familie Jansen-de Vries",
                                                        "Familie de Vries"}
        assert {v.device for v in conflict.versions} == {a.device_id, b.device_id}
    # The column holds the same pick on both, for sorting only.
    assert _household(a) == _household(b)
    with b.transaction():
        b.ops.set("cases", CASE, {"household_name": "Familie de Vries"})
    _exchange(b, a, since=mark_b)
    _exchange(a, b, since=mark_a)
    for store in (a, b):
        assert store.ops.conflicts() == []
        assert _household(store) == "Familie de Vries"
        assert store.ops.differences() == []


def test_an_edit_names_the_heads_seen_when_the_form_opened(two):
    a, b = two
    _new_case(a)
    _exchange(a, b)
    seen = a.ops.heads("cases", CASE, ["household_name"])  # the form opens
    with b.transaction():
        b.ops.set("cases", CASE, {"household_name": "Familie B"})
    _exchange(b, a)  # arrives while the form is open
    with a.transaction():
        a.ops.set("cases", CASE, {"household_name": "Familie A"}, seen=seen)
    [conflict] = a.ops.conflicts()
    assert {v.value for v in conflict.versions} == {"Familie A", "Familie B"}


def test_versions_added_concurrently_get_the_same_numbers_everywhere(two):
    a, b = two
    _new_case(a)
    _exchange(a, b)
    row = {"id": "r1", "case_id": CASE, "kind": "signal", "payload": "{}", "reason": None,
           "created_at": "2026-12-01T10:00:00+00:00", "author": "w", "device": "d"}
    with a.transaction():
        a.ops.append("records", row)
    _exchange(a, b)
    with b.transaction():
        b.ops.append("records", {**row, "payload": '{"b": 1}', "reason": "b"})
    with a.transaction():
        a.ops.append("records", {**row, "payload": '{"a": 1}', "reason": "a"})
    _exchange(a, b)
    _exchange(b, a)
    rows = [s.conn.execute("SELECT version, payload FROM records WHERE id = 'r1'"
                           " ORDER BY version").fetchall() for s in (a, b)]
    assert rows[0] == rows[1] and [v for v, _p in rows[0]] == [1, 2, 3]
    assert a.ops.differences() == [] and b.ops.differences() == []


def test_erasing_a_case_travels_and_drops_what_comes_later(two):
    a, b = two
    _new_case(a)
    _add_person(a)
    _exchange(a, b)
    with b.transaction():
        late = b.ops.set("persons", PERSON, {"phone": "0612345678"})
    with a.transaction():
        a.ops.erase(CASE)
    _exchange(a, b)
    _exchange(b, a)
    for store in (a, b):
        assert _household(store) is None
        assert store.conn.execute(
            "SELECT count(*) FROM operations WHERE case_id = ? AND kind <> 'erase'",
            (CASE,)).fetchone() == (0,)
        assert not store.ops.known(late.op_id)
        assert b"0612345678" not in b"".join(
            bytes(r[0]) for r in store.conn.execute("SELECT body FROM operations"))


def test_a_bad_signature_refuses_the_whole_batch(two):
    a, b = two
    _new_case(a)
    _add_person(a)
    items = [(bytes(body), bytes(sig)) for _seq, body, sig in a.ops.since(0)]
    body, sig = items[-1]
    items[-1] = (body, bytes([sig[0] ^ 1]) + sig[1:])
    with b.transaction():
        result = import_batch(b.ops, items, a.ops.devices())
    assert result.applied == 0 and [r for _op, r in result.refused] == ["bad_signature"]
    assert _household(b) is None


def test_a_device_whose_key_changed_is_refused(two):
    a, b = two
    _new_case(a)
    _exchange(a, b)
    with a.transaction():
        a.ops.set("cases", CASE, {"status": "closed"})
    from app.security.signing import SigningKey
    other, _raw = SigningKey.generate()
    items = [(bytes(body), bytes(sig)) for _seq, body, sig in a.ops.since(0)]
    with b.transaction():
        result = import_batch(b.ops, items, {a.device_id: other.public_key})
    assert {r for _op, r in result.refused} == {"other_key"}


def test_removing_a_person_named_by_a_concurrent_record_is_a_conflict(two):
    a, b = two
    _new_case(a)
    _add_person(a)
    _exchange(a, b)
    with a.transaction():
        a.ops.remove("persons", PERSON, meta=META)
    with b.transaction():
        b.ops.append("records", {
            "id": "r9", "case_id": CASE, "kind": "signal",
            "payload": json.dumps({"concerns": [PERSON]}), "reason": None,
            "created_at": "2026-12-01T10:00:00+00:00", "author": "w", "device": "d"})
    _exchange(a, b)
    _exchange(b, a)
    for store in (a, b):
        [conflict] = store.ops.conflicts()
        assert (conflict.kind, conflict.entity_id) == ("removed_named", PERSON)
    with a.transaction():
        a.ops.remove("persons", PERSON, meta=META)  # keeps them removed, having seen it
    _exchange(a, b)
    assert a.ops.conflicts() == [] and b.ops.conflicts() == []


def test_verify_reports_a_projection_that_differs_from_the_log(store):
    _new_case(store)
    assert store.ops.differences() == []
    with store.transaction():
        store.conn.execute("UPDATE cases SET household_name = 'Anders' WHERE id = ?", (CASE,))
    assert store.ops.differences() == [f"cases {CASE} household_name"]
    assert any("household_name" in p for p in store.verify().problems)


def test_a_safety_plan_saved_on_two_stores_at_once_is_a_conflict(tmp_path):
    """No version wins by its number: the plan is in conflict until a person
    keeps one, and the kept one is the newest version everywhere."""
    from app.services import cases as case_service
    from app.services import exchange
    from app.services import safety as safety_service

    a = Store.create(tmp_path / "a.db", PASSPHRASE)
    b = Store.create(tmp_path / "b.db", PASSPHRASE)
    try:
        case = case_service.create_case(a, "Familie Plan")
        safety_service.set_biggest_concern(a, case.id, "Begin")
        _exchange(a, b)
        safety_service.set_biggest_concern(a, case.id, "Zorg van A")
        safety_service.set_biggest_concern(b, case.id, "Zorg van B")
        _exchange(a, b)
        _exchange(b, a)
        for store in (a, b):
            [row] = exchange.open_conflicts(store)
            assert row.conflict.entity == "safety_plan" and not row.editable
            assert sorted(row.labels) == ["Versie 2 van het veiligheidsplan",
                                          "Versie 3 van het veiligheidsplan"]
        [row] = exchange.open_conflicts(a)
        kept = next(v for v in row.versions
                    if a.ops.change_of(str(v.value))["payload"].find("Zorg van A") >= 0)
        exchange.resolve_field(a, row.conflict, kept.value)
        _exchange(a, b)
        for store in (a, b):
            assert exchange.open_conflicts(store) == []
            plan = safety_service.load_plan(store, case.id)
            assert plan.version == 4
            assert "Zorg van A" in repr(plan.plan) and "Zorg van B" not in repr(plan.plan)
            assert store.ops.differences() == []
        assert safety_service.load_plan(a, case.id).plan == \
            safety_service.load_plan(b, case.id).plan
    finally:
        a.close()
        b.close()
