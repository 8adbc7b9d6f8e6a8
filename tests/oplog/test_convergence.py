"""Property tests: three devices work offline and exchange operations in any
order, with duplicates; they end with the same projections, heads and
conflicts, and concurrent edits of one field always surface as a conflict."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.oplog.merge import FieldConflict
from tests.oplog.sim import Device

CASES = ("c1", "c2")
PEOPLE = {"p1": "c1", "p2": "c1", "p3": "c2"}
FIELDS = ("status", "address", "phone")

step = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 2), st.sampled_from(sorted(PEOPLE) + ["c1", "c2"]),
              st.sampled_from(FIELDS)),
    st.tuples(st.just("append"), st.integers(0, 2), st.sampled_from(sorted(PEOPLE)),
              st.booleans()),
    st.tuples(st.just("remove"), st.integers(0, 2), st.sampled_from(sorted(PEOPLE)),
              st.booleans()),
    st.tuples(st.just("resolve"), st.integers(0, 2), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("sync"), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2**32)),
    st.tuples(st.just("erase"), st.integers(0, 2), st.just("c2"), st.integers(0, 9)),
)


def _devices():
    devices = [Device(name, start=1_000 * (i + 1)) for i, name in enumerate("abc")]
    a = devices[0]
    for case in CASES:
        a.set(case, "case", case, {"status": "open"})
    for person, case in PEOPLE.items():
        a.set(case, "person", person, {"address": "start"})
    for other in devices[1:]:
        other.receive(a.made)
    return devices


def _all_ops(devices):
    return {op.op_id: op for device in devices for op in device.made}


def _deliver(device, ops, rng):
    """Some or all of ``ops`` in a random order, some twice."""
    order = list(ops) + rng.sample(list(ops), k=min(len(ops), rng.randint(0, 3)))
    rng.shuffle(order)
    device.receive(order)


def _run(devices, steps):
    counter = 0
    for action, who, target, extra in steps:
        device = devices[who]
        counter += 1
        value = f"{device.name}{counter}"
        if action == "set":
            entity = "case" if target in CASES else "person"
            case = target if entity == "case" else PEOPLE[target]
            refs = [target] if entity == "person" and extra == "address" else []
            device.set(case, entity, target, {extra: value}, refs=refs)
        elif action == "append":
            refs = [target] if extra else []
            device.append(PEOPLE[target], "signal", f"s{counter}", {"facts": value}, refs=refs)
        elif action == "remove":
            if extra:
                device.remove(PEOPLE[target], target)
            else:
                device.set(PEOPLE[target], "person", target, {"removed": False})
        elif action == "resolve":
            conflicts = device.replica.conflicts()
            if conflicts:
                conflict = conflicts[target % len(conflicts)]
                if isinstance(conflict, FieldConflict):
                    chosen = conflict.heads[0].change[conflict.field] if extra else value
                    device.set(conflict.case_id, conflict.entity, conflict.entity_id,
                               {conflict.field: chosen})
                else:
                    device.remove(conflict.case_id, conflict.entity_id)
        elif action == "sync":
            source = devices[target]
            rng = random.Random(extra)
            known = list(source.replica)
            _deliver(device, rng.sample(known, k=rng.randint(0, len(known))), rng)
        elif action == "erase" and extra == 0:
            device.erase("c2")


def _exchange_all(devices, seed):
    rng = random.Random(seed)
    everything = list(_all_ops(devices).values())
    for device in devices:
        _deliver(device, everything, rng)


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(step, max_size=40), st.integers(0, 2**32))
def test_any_exchange_order_converges(steps, seed):
    devices = _devices()
    _run(devices, steps)
    _exchange_all(devices, seed)
    snapshots = [device.replica.snapshot() for device in devices]
    assert snapshots[0] == snapshots[1] == snapshots[2]
    # Nothing that was made is lost, except what an erased case held.
    erased = set(snapshots[0]["tombstones"])
    made = {op.op_id for op in _all_ops(devices).values() if op.case_id not in erased}
    assert made <= set(snapshots[0]["ops"])


@SETTINGS
@given(st.lists(step, max_size=30), st.integers(0, 2**32),
       st.sampled_from([(0, 1), (1, 2), (2, 0)]),
       st.sampled_from([("person", "p1"), ("case", "c1")]), st.sampled_from(FIELDS),
       st.integers(0, 2), st.booleans())
def test_concurrent_edits_conflict_and_a_resolution_clears_it(
        steps, seed, pair, target, name, resolver, pick_first):
    devices = _devices()
    _run(devices, [s for s in steps if s[0] != "erase"])
    _exchange_all(devices, seed)
    entity, ident = target
    first, second = devices[pair[0]], devices[pair[1]]
    mine = first.set("c1", entity, ident, {name: "mine"})
    theirs = second.set("c1", entity, ident, {name: "theirs"})
    _exchange_all(devices, seed + 1)
    for device in devices:
        state = device.replica.field(entity, ident, name)
        assert state.in_conflict, "a concurrent edit was lost silently"
        assert {mine.op_id, theirs.op_id} <= set(state.head_ids)
        assert {"mine", "theirs"} <= set(state.values)
    chosen = "mine" if pick_first else "resolved"
    devices[resolver].set("c1", entity, ident, {name: chosen})
    _exchange_all(devices, seed + 2)
    for device in devices:
        state = device.replica.field(entity, ident, name)
        assert not state.in_conflict and state.values == (chosen,)
    assert devices[0].replica.snapshot() == devices[1].replica.snapshot() \
        == devices[2].replica.snapshot()
