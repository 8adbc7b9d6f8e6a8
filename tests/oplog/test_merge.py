"""The merge rules, case by case (the property tests are in test_convergence)."""

from __future__ import annotations

import itertools

import pytest

from app.oplog.merge import FieldConflict, RemovalConflict, Replica
from tests.oplog.sim import Device


def _replay(ops):
    replica = Replica()
    replica.apply_all(ops)
    return replica


def _every_order(ops):
    """Every order of ``ops``, each with one op delivered twice."""
    for order in itertools.permutations(ops):
        yield list(order) + [order[0]]


def test_a_later_edit_replaces_what_it_saw():
    a = Device("a")
    first = a.set("c1", "case", "c1", {"status": "open"})
    second = a.set("c1", "case", "c1", {"status": "closed"})
    for order in _every_order([first, second]):
        state = _replay(order).field("case", "c1", "status")
        assert state.head_ids == (second.op_id,)
        assert state.values == ("closed",) and not state.in_conflict


def test_an_op_arriving_after_its_successor_never_becomes_a_head():
    a = Device("a")
    ops = [a.set("c1", "case", "c1", {"status": v}) for v in ("a", "b", "c")]
    replica = _replay([ops[2], ops[1], ops[0]])
    assert replica.field("case", "c1", "status").head_ids == (ops[2].op_id,)


def test_concurrent_edits_are_a_conflict_in_every_order():
    a, b = Device("a"), Device("b", start=5_000)
    base = a.set("c1", "person", "p1", {"address": "Dorpsstraat 1"})
    b.receive([base])
    mine = a.set("c1", "person", "p1", {"address": "Kerkweg 2"})
    theirs = b.set("c1", "person", "p1", {"address": "Laan 3"})
    for order in _every_order([base, mine, theirs]):
        replica = _replay(order)
        state = replica.field("person", "p1", "address")
        assert state.in_conflict
        assert set(state.values) == {"Kerkweg 2", "Laan 3"}
        [conflict] = replica.conflicts()
        assert isinstance(conflict, FieldConflict)
        assert {op.op_id for op in conflict.heads} == {mine.op_id, theirs.op_id}


def test_the_pick_is_the_same_everywhere_but_the_conflict_stays():
    a, b = Device("a"), Device("b")
    ops = [a.set("c1", "case", "c1", {"kind": "x"}), b.set("c1", "case", "c1", {"kind": "y"})]
    picks = {_replay(order).field("case", "c1", "kind").pick for order in _every_order(ops)}
    assert len(picks) == 1
    assert _replay(ops).field("case", "c1", "kind").in_conflict


def test_the_same_value_twice_is_not_a_conflict():
    a, b = Device("a"), Device("b")
    ops = [a.set("c1", "case", "c1", {"status": "closed"}),
           b.set("c1", "case", "c1", {"status": "closed"})]
    state = _replay(ops).field("case", "c1", "status")
    assert len(state.heads) == 2 and not state.in_conflict


def test_a_resolution_names_all_heads_and_clears_the_conflict():
    a, b = Device("a"), Device("b")
    ops = [a.set("c1", "case", "c1", {"status": "x"}), b.set("c1", "case", "c1", {"status": "y"})]
    a.receive(ops)
    resolution = a.set("c1", "case", "c1", {"status": "y"})
    assert set(resolution.parents["status"]) == {ops[0].op_id, ops[1].op_id}
    for order in _every_order([*ops, resolution]):
        replica = _replay(order)
        assert replica.conflicts() == []
        assert replica.field("case", "c1", "status").values == ("y",)


def test_fields_are_registers_of_their_own():
    a, b = Device("a"), Device("b")
    base = a.set("c1", "person", "p1", {"name": "A", "phone": "1"})
    b.receive([base])
    ops = [base, a.set("c1", "person", "p1", {"name": "B"}),
           b.set("c1", "person", "p1", {"phone": "2"})]
    replica = _replay(ops)
    assert replica.conflicts() == []
    assert replica.field("person", "p1", "name").values == ("B",)
    assert replica.field("person", "p1", "phone").values == ("2",)


def test_appends_merge_by_union():
    a, b = Device("a"), Device("b")
    ops = [a.append("c1", "signal", "s1", {"v": 1}), b.append("c1", "signal", "s1", {"v": 2}),
           a.append("c1", "audit", "c1", {"action": "view"})]
    for order in _every_order(ops):
        replica = _replay(order)
        assert [op.op_id for op in replica.records("signal", "s1")] == \
            [op.op_id for op in sorted(ops[:2], key=lambda op: op.order_key)]
        assert replica.conflicts() == []


def test_erase_removes_the_case_and_drops_what_comes_later():
    a = Device("a")
    keep = a.set("c2", "case", "c2", {"status": "open"})
    ops = [a.set("c1", "case", "c1", {"status": "open"}),
           a.append("c1", "signal", "s1", {"facts": "x"}, refs=["p1"]),
           a.set("c1", "person", "p1", {"name": "A"})]
    tombstone = a.erase("c1")
    late = a.append("c1", "signal", "s2", {"facts": "y"})
    for order in _every_order([keep, *ops, tombstone, late]):
        replica = _replay(order)
        assert set(replica.ops) == {keep.op_id, tombstone.op_id}
        assert replica.tombstones == {"c1": {tombstone.op_id}}
        assert replica.records("signal", "s1") == []
        assert replica.fields("person", "p1") == {}
        assert replica.conflicts() == []


def test_removing_a_person_that_a_concurrent_record_names_is_a_conflict():
    a, b = Device("a"), Device("b")
    person = a.set("c1", "person", "p1", {"name": "A"})
    b.receive([person])
    removal = a.remove("c1", "p1")
    record = b.append("c1", "signal", "s1", {"facts": "x"}, refs=["p1"])
    for order in _every_order([person, removal, record]):
        replica = _replay(order)
        [conflict] = replica.conflicts()
        assert isinstance(conflict, RemovalConflict)
        assert conflict.entity_id == "p1"
        assert [op.op_id for op in conflict.naming] == [record.op_id]


@pytest.mark.parametrize("choice", ["keep_removed", "restore"])
def test_a_removal_conflict_is_resolved_by_a_person(choice):
    a, b = Device("a"), Device("b")
    person = a.set("c1", "person", "p1", {"name": "A"})
    b.receive([person])
    ops = [person, a.remove("c1", "p1"),
           b.append("c1", "signal", "s1", {"facts": "x"}, refs=["p1"])]
    a.receive(ops)
    if choice == "keep_removed":
        resolution = a.remove("c1", "p1")  # acknowledges the record it now sees
    else:
        resolution = a.set("c1", "person", "p1", {"removed": False})
    for order in _every_order([*ops, resolution]):
        replica = _replay(order)
        assert replica.conflicts() == []
        assert replica.is_removed("person", "p1") is (choice == "keep_removed")


def test_a_removal_that_saw_the_record_is_no_conflict():
    a = Device("a")
    a.set("c1", "person", "p1", {"name": "A"})
    a.append("c1", "signal", "s1", {"facts": "x"}, refs=["p1"])
    a.remove("c1", "p1")
    assert _replay(a.made).conflicts() == []


def test_a_field_that_no_longer_names_the_person_is_no_conflict():
    a, b = Device("a"), Device("b")
    base = [a.set("c1", "person", "p1", {"name": "A"}),
            a.set("c1", "person", "p2", {"same_address_as": None})]
    b.receive(base)
    naming = b.set("c1", "person", "p2", {"same_address_as": "p1"}, refs=["p1"])
    removal = a.remove("c1", "p1")
    assert len(_replay([*base, naming, removal]).conflicts()) == 1
    b.receive([removal])
    moved = b.set("c1", "person", "p2", {"same_address_as": None})
    assert _replay([*base, naming, removal, moved]).conflicts() == []
