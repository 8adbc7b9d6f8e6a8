"""``OpLog.receive_many`` (a batch merged together, as the team sync applies a
catch-up) leaves the same store as ``receive`` of each operation in turn:
random concurrent work on two real stores, merged on two fresh ones."""

from __future__ import annotations

import random

import pytest

from app.oplog.operation import SignedOperation
from app.store.database import migrations
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.store.legacy import CASE_LIST_CHANGES, SEARCH_ROWS_CHANGED
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


def _record(store: Store, record: str, text: str, reason: str | None = None,
            about: str = "") -> None:
    """A record (naming person ``about``); with ``reason`` a correction of
    one the store holds (a new version)."""
    with store.transaction():
        store.ops.append("records", {
            "id": record, "case_id": CASE, "kind": "signal",
            "payload": f'{{"t": "{text}", "over": "{about}"}}',
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
        elif action == 3:  # about one of the children now and then: a removal may conflict
            _record(store, f"r{step}", f"signaal {step}", about=rng.choice(["", *people]))
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


def assert_kept_conflicts_agree(*stores: Store) -> None:
    """The table the merge keeps equals the conflicts worked out afresh."""
    for store in stores:
        assert store.ops.kept_conflicts() == {
            (c.kind, c.case_id, c.entity, c.entity_id, c.field) for c in store.ops.conflicts()}


def _state(store: Store) -> tuple:
    heads = store.conn.execute(
        "SELECT entity, entity_id, field, op_id FROM field_heads ORDER BY 1, 2, 3, 4").fetchall()
    conflicts = sorted((c.kind, c.entity, c.entity_id, c.field,
                        tuple(v.op_id for v in c.versions)) for c in store.ops.conflicts())
    return projections(store), heads, conflicts


@pytest.mark.parametrize("seed", range(8))
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
    assert_kept_conflicts_agree(a, b, one, many)
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



def test_the_kept_conflicts_follow_a_conflict_and_its_resolution(tmp_path):
    a, b = (Store.create(tmp_path / f"{n}.db", PASSPHRASE) for n in ("a", "b"))
    child = "33333333-3333-4333-8333-333333333330"
    _new_case(a)
    _person(a, child, "Noor")
    _exchange(a, b)
    for store, name in ((a, "Gezin A"), (b, "Gezin B")):  # without seeing each other
        with store.transaction():
            store.ops.set("cases", CASE, {"household_name": name}, meta=_meta(store))
    _record(b, "over-noor", "signaal", about=child)
    with a.transaction():  # a removes Noor without seeing b's signal about her
        a.ops.remove("persons", child, meta=_meta(a))
    _exchange(a, b)
    _exchange(b, a)
    for store in (a, b):
        assert {(kind, entity) for kind, _c, entity, _i, _f in store.ops.kept_conflicts()} \
            == {("field", "cases"), ("removed_named", "persons")}
        assert store.ops.conflicted_cases() == {CASE}
    assert_kept_conflicts_agree(a, b)

    with a.transaction():  # settled: one value over both heads; the signal acknowledged
        a.ops.set("cases", CASE, {"household_name": "Gezin A"}, meta=_meta(a))
        a.ops.remove("persons", child, meta=_meta(a))
    _exchange(a, b)
    for store in (a, b):
        assert store.ops.kept_conflicts() == set()
        assert store.ops.conflicted_cases() == frozenset()
    assert_kept_conflicts_agree(a, b)
    a.close()
    b.close()


def test_migration_fills_the_kept_conflicts_and_destroys_keys_of_erased_cases(tmp_path):
    """A store from before the table: the migration finds the same conflicts
    as working them out afresh, and destroys what an erased case left of its keys."""
    a, b = (Store.create(tmp_path / f"{n}.db", PASSPHRASE) for n in ("a", "b"))
    child = "33333333-3333-4333-8333-333333333330"
    _new_case(a)
    _person(a, child, "Noor")
    _exchange(a, b)
    for store, name in ((a, "Gezin A"), (b, "Gezin B")):
        with store.transaction():
            store.ops.set("cases", CASE, {"household_name": name}, meta=_meta(store))
    _record(b, "over-noor", "signaal", about=child)
    with a.transaction():
        a.ops.remove("persons", child, meta=_meta(a))
    _exchange(b, a)
    expected = a.ops.kept_conflicts()
    assert len(expected) == 2
    gone = "44444444-4444-4444-8444-444444444444"
    number = next(n for n, name, _sql in migrations() if "erased_keys" in name)
    with a.transaction():  # as before the migration: no table, an erased case's key kept
        a.conn.execute("DROP TABLE open_conflicts")
        a.conn.execute("DROP TABLE erased_keys")
        for table in ("consultation_ends", "consultation_shares"):  # migration 0016's
            a.conn.execute(f"DROP TABLE {table}")
        for statement in (*SEARCH_ROWS_CHANGED, *CASE_LIST_CHANGES):
            a.conn.execute(statement)
        a.conn.execute("INSERT INTO erased_cases (case_id, op_id) VALUES (?, 'x')", (gone,))
        a.conn.execute("INSERT INTO team_keys (key_id, scope, epoch, secret, given_by)"
                       " VALUES (zeroblob(16), ?, 1, randomblob(32), 'd')", (gone,))
        a.conn.execute("INSERT INTO team_held (sequence, device, key_id, envelope)"
                       " VALUES (7, 'd', zeroblob(16), x'00')")
        a.conn.execute(f"PRAGMA user_version = {number - 1}")
    a.close()
    a = Store.open(tmp_path / "a.db", PASSPHRASE)
    assert a.ops.kept_conflicts() == expected
    assert_kept_conflicts_agree(a)
    assert a.conn.execute("SELECT count(*) FROM team_keys WHERE scope = ?",
                          (gone,)).fetchone()[0] == 0
    assert a.conn.execute("SELECT count(*) FROM team_held").fetchone()[0] == 0
    assert a.conn.execute("SELECT key_id FROM erased_keys").fetchall() == [(bytes(16),)]
    a.close()
    b.close()
