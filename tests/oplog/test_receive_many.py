"""``OpLog.receive_many`` (a batch merged together, as the team sync applies a
catch-up) leaves the same store as ``receive`` of each operation in turn:
random concurrent work on two real stores, merged on two fresh ones."""

from __future__ import annotations

import random

import pytest

from app.oplog.operation import SignedOperation
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.team.helpers import projections

CASE = "11111111-1111-4111-8111-111111111111"
META = {"updated_at": "2026-12-01T10:00:00+00:00"}


def _meta(store: Store) -> dict:
    return {**META, "author": store.worker_id, "device": store.device_id}


def _new_case(store: Store) -> None:
    with store.transaction():
        store.ops.set("cases", CASE, {
            "reference": "VW-2612-ABCD", "household_name": "Familie Jansen",
            "status": "open", "closed_on": None, "created_at": "2026-12-01T10:00:00+00:00",
            "case_type": "youth"}, meta=_meta(store))


def _person(store: Store, person: str, name: str) -> None:
    with store.transaction():
        store.ops.set("persons", person, {
            "case_id": CASE, "name": name, "role": "child", "date_of_birth": None, "age": 7,
            "parental_authority": None, "created_at": "2026-12-01T10:00:00+00:00",
            "street": "", "postcode": "", "place": "", "same_address_as": None, "phone": "",
            "school": "", "language": "", "interpreter_needed": None}, meta=_meta(store))


def _record(store: Store, record: str, text: str, reason: str | None = None) -> None:
    """A record; with ``reason`` a correction of one the store holds (a new version)."""
    with store.transaction():
        store.ops.append("records", {
            "id": record, "case_id": CASE, "kind": "signal", "payload": f'{{"t": "{text}"}}',
            "reason": reason, "created_at": "2026-12-01T10:00:00+00:00", "author": "w",
            "device": "d"})


def _log(store: Store) -> list[tuple[bytes, bytes]]:
    return [(bytes(b), bytes(s)) for _seq, b, s in store.ops.since(0)]


def _exchange(source: Store, target: Store) -> None:
    with target.transaction():
        for device, key in source.ops.devices().items():
            if target.ops.device_key(device) is None:
                target.ops.trust(device, key)
        for body, signature in _log(source):
            target.ops.receive(SignedOperation.read(body, signature))


def random_work(a: Store, b: Store, rng: random.Random, steps: int) -> None:
    """Edits on both stores, now and then exchanged: concurrent edits of the
    same field, new people, people removed, records and their versions."""
    _new_case(a)
    _exchange(a, b)
    people = ["33333333-3333-4333-8333-33333333333" + str(n) for n in range(3)]
    for step in range(steps):
        store = rng.choice((a, b))
        action = rng.randrange(6)
        if action == 0:
            with store.transaction():
                store.ops.set("cases", CASE, {"household_name": f"Gezin {step}"},
                              meta=_meta(store))
        elif action == 1:
            _person(store, rng.choice(people), f"Kind {step}")
        elif action == 2:
            known = [p for p in people if store.conn.execute(
                "SELECT 1 FROM persons WHERE id = ?", (p,)).fetchone()]
            if known:
                with store.transaction():
                    store.ops.remove("persons", rng.choice(known), meta=_meta(store))
        elif action == 3:
            _record(store, f"r{step}", f"signaal {step}")
        elif action == 4:
            held = [r for (r,) in store.conn.execute("SELECT DISTINCT id FROM records")]
            if held:  # corrected on both stores at once: both versions stay, numbered alike
                _record(store, rng.choice(held), f"correctie {step}", reason="correctie")
        elif rng.random() < 0.5:
            _exchange(a, b)
        else:
            _exchange(b, a)


def merged_order(a: Store, b: Store, rng: random.Random) -> list[tuple[bytes, bytes]]:
    """Both logs interleaved at random, each operation at its first place: an
    order in which every operation comes after what its author had seen."""
    logs = [_log(a), _log(b)]
    seen: set[str] = set()
    out = []
    while any(logs):
        log = rng.choice([log for log in logs if log])
        body, signature = log.pop(0)
        op_id = SignedOperation.read(body, signature).op.op_id
        if op_id not in seen:
            seen.add(op_id)
            out.append((body, signature))
    return out


def _state(store: Store) -> tuple:
    heads = store.conn.execute(
        "SELECT entity, entity_id, field, op_id FROM field_heads ORDER BY 1, 2, 3, 4").fetchall()
    conflicts = sorted((c.kind, c.entity, c.entity_id, c.field,
                        tuple(v.op_id for v in c.versions)) for c in store.ops.conflicts())
    return projections(store), heads, conflicts


@pytest.mark.parametrize("seed", range(6))
def test_a_batch_merged_together_equals_one_by_one(tmp_path, seed):
    rng = random.Random(seed)
    a, b, one, many = (Store.create(tmp_path / f"{n}.db", PASSPHRASE)
                       for n in ("a", "b", "one", "many"))
    random_work(a, b, rng, 40)
    if seed % 3 == 2:  # the case erased: the tombstone in the middle of a batch
        with a.transaction():
            a.ops.erase(CASE)
        _record(b, "na-het-wissen", "later")
    order = merged_order(a, b, rng)
    for target in (one, many):
        with target.transaction():
            for store in (a, b):
                target.ops.trust(store.device_id, store.signing_key().public_key)
    with one.transaction():
        for body, signature in order:
            one.ops.receive(SignedOperation.read(body, signature))
    position = 0
    while position < len(order):  # batches of random size, as the stream brings them
        size = rng.randint(1, 25)
        with many.transaction():
            cases, refused = many.ops.receive_many(
                [SignedOperation.read(b_, s) for b_, s in order[position:position + size]])
        assert refused == []
        position += size
    assert _state(one) == _state(many)
    assert one.ops.differences() == [] and many.ops.differences() == []
    # Again: everything is known now, nothing changes.
    with many.transaction():
        assert many.ops.receive_many([SignedOperation.read(b_, s) for b_, s in order]) \
            == (set(), [])
    assert _state(one) == _state(many)
    for store in (a, b, one, many):
        store.close()


def test_one_operation_that_does_not_fit_is_refused_alone(tmp_path):
    a, b = (Store.create(tmp_path / f"{n}.db", PASSPHRASE) for n in ("a", "b"))
    _new_case(a)
    for n in range(30):
        _record(a, f"r{n}", f"signaal {n}")
    # Well signed, but a record with nothing in it: the schema refuses it.
    broken = a.ops._w().append(CASE, "records", "kapot", {"id": "kapot", "case_id": CASE})
    bad = broken.sign(a.signing_key())
    for n in range(30, 60):
        _record(a, f"r{n}", f"signaal {n}")
    batch = [SignedOperation.read(body, signature) for body, signature in _log(a)]
    batch.insert(31, bad)
    with b.transaction():
        b.ops.trust(a.device_id, a.signing_key().public_key)
        cases, refused = b.ops.receive_many(batch)
    assert refused == [31] and CASE in cases
    assert b.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 60
    assert not b.ops.known(broken.op_id)
    assert b.ops.differences() == []
    a.close()
    b.close()
