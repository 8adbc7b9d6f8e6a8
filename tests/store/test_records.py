"""The records and drafts tables on real SQLCipher files: round trips,
append-only versions, erasure of a whole case, drafts, migration from
schema 1."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.cases.model import Role
from app.security.signing import SigningKey
from app.services import cases as case_service
from app.store import keys
from app.store.codec import PayloadDamaged, to_json
from app.store.database import DatabaseError, connect, migrate, migrations
from app.store.oplog import OpLog
from app.store.records import RecordKind, RecordRepository, UnknownCase
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.meldcode import builders as b

AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)

ONE_OF_EACH = [
    b.signal(), b.risk_profile(), b.kindcheck_run(), b.consultation(), b.conversation(),
    b.weighing(), b.decision_for(b.weighing()), b.acute_path(),
]


def _case(store: Store, name: str = "Familie Test") -> str:
    return case_service.create_case(store, name).id


def _append(repo: RecordRepository, case_id: str, record, **kw) -> None:
    kw.setdefault("created_at", AT)
    repo.append(case_id, record, author="worker", device="device", **kw)


def test_every_kind_round_trips_through_a_reopened_store(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        case_id = _case(store)
        repo = store.records
        with store.transaction():
            for record in ONE_OF_EACH:
                _append(repo, case_id, record)
    with Store.open(store_path, PASSPHRASE) as store:
        current = store.records.current(case_id)
    assert set(current) == set(RecordKind)
    for record in ONE_OF_EACH:
        [stored] = current[RecordKind.of(record)]
        assert stored.record == record
        assert (stored.version, stored.reason, stored.created_at, stored.author) == (
            1, "", AT, "worker")


def test_kinds_in_code_and_schema_agree(store: Store):
    schema = store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'records'").fetchone()[0]
    for kind in RecordKind:
        assert f"'{kind}'" in schema
    assert {type(r) for r in ONE_OF_EACH} == {k.record_type for k in RecordKind}


def test_current_lists_records_in_the_order_recorded(store: Store):
    case_id = _case(store)
    repo = store.records
    ids = ["z", "a", "m"]
    for record_id in ids:  # same second: the order still holds
        _append(repo, case_id, b.consultation(id=record_id))
    assert [v.record.id for v in repo.current(case_id)[RecordKind.CONSULTATION]] == ids


def test_a_correction_adds_a_version_and_keeps_the_first(store: Store):
    case_id = _case(store)
    repo = store.records
    _append(repo, case_id, b.signal())
    _append(repo, case_id, b.signal(facts="Rechterwang."), version=2, reason="Verkeerde wang.",
            created_at=LATER)
    history = repo.history("sig-1")
    assert history is not None and history.case_id == case_id
    assert history.kind is RecordKind.SIGNAL
    assert [(v.version, v.record.facts, v.reason) for v in history.versions] == [
        (1, b.signal().facts, ""), (2, "Rechterwang.", "Verkeerde wang.")]
    [current] = repo.current(case_id)[RecordKind.SIGNAL]
    assert current.version == 2 and current.created_at == LATER
    [signal_history] = repo.histories(case_id, RecordKind.SIGNAL)
    assert len(signal_history.versions) == 2


@pytest.mark.parametrize(("name", "version", "reason", "record"), [
    ("a correction without reason", 2, None, b.signal(facts="Anders")),
    ("a blank reason", 2, "   ", b.signal(facts="Anders")),
    ("a skipped version", 3, "Reden", b.signal(facts="Anders")),
    ("another kind under the same id", 2, "Reden", b.consultation(id="sig-1")),
])
def test_the_schema_refuses_a_broken_version(store: Store, name, version, reason, record):
    case_id = _case(store)
    repo = store.records
    _append(repo, case_id, b.signal())
    with pytest.raises(DatabaseError):
        _append(repo, case_id, record, version=version, reason=reason)
    assert len(repo.history("sig-1").versions) == 1


def test_a_version_under_another_case_is_refused(store: Store):
    first, second = _case(store, "Familie Een"), _case(store, "Familie Twee")
    repo = store.records
    _append(repo, first, b.signal())
    with pytest.raises(DatabaseError):
        _append(repo, second, b.signal(facts="Anders"), version=2, reason="Reden")


def test_the_same_version_twice_is_refused(store: Store):
    case_id = _case(store)
    repo = store.records
    _append(repo, case_id, b.signal())
    with pytest.raises(DatabaseError):
        _append(repo, case_id, b.signal(facts="Anders"))


@pytest.mark.parametrize("sql", [
    "UPDATE records SET payload = '{}'",
    "UPDATE records SET reason = 'stil veranderd'",
    "DELETE FROM records",
    "DELETE FROM records WHERE id = 'sig-1' AND version = 1",
])
def test_records_are_append_only(store: Store, sql: str):
    case_id = _case(store)
    repo = store.records
    _append(repo, case_id, b.signal())
    with pytest.raises(DatabaseError, match="append-only"):
        store.conn.execute(sql)
    assert repo.current(case_id)[RecordKind.SIGNAL][0].record == b.signal()


def test_erasing_a_case_removes_its_records_and_drafts_only(store: Store):
    erased, kept = _case(store, "Familie Weg"), _case(store, "Familie Blijft")
    case_service.add_person(store, erased, "Iemand", Role.CHILD, age=4)
    repo = store.records
    with store.transaction():
        for record in ONE_OF_EACH:
            _append(repo, erased, record)
        _append(repo, erased, b.signal(facts="Anders"), version=2, reason="Reden")
        _append(repo, kept, b.signal(id="sig-kept"))
    repo.save_draft("d-erased", erased, "signal", {"facts": "x"}, now=AT, author="w",
                    device="d")
    repo.save_draft("d-kept", kept, "signal", {"facts": "y"}, now=AT, author="w", device="d")
    with store.transaction():
        store.ops.erase(erased)  # the tombstone operation deletes the case
    count = store.conn.execute(
        "SELECT count(*) FROM records WHERE case_id = ?", (erased,)).fetchone()[0]
    assert count == 0
    assert [d.id for d in repo.drafts()] == ["d-kept"]
    assert [v.record.id for v in repo.current(kept)[RecordKind.SIGNAL]] == ["sig-kept"]
    assert store.verify().ok


def test_a_record_for_an_unknown_case_is_refused(store: Store):
    with pytest.raises(UnknownCase) as caught:
        _append(store.records, "no-such-case", b.signal())
    assert "casus" in caught.value.message


def test_a_payload_changed_behind_the_apps_back_is_reported_as_damage(store: Store):
    case_id = _case(store)
    store.conn.execute(
        "INSERT INTO records (id, version, case_id, kind, payload, created_at, author, device)"
        " VALUES ('sig-1', 1, ?, 'signal', '{\"id\": \"sig-1\"}', ?, 'w', 'd')",
        (case_id, AT.isoformat()))
    with pytest.raises(PayloadDamaged):
        store.records.current(case_id)


def test_a_payload_under_another_id_is_damage(store: Store):
    case_id = _case(store)
    store.conn.execute(
        "INSERT INTO records (id, version, case_id, kind, payload, created_at, author, device)"
        " VALUES ('other', 1, ?, 'signal', ?, ?, 'w', 'd')",
        (case_id, to_json(b.signal()), AT.isoformat()))
    with pytest.raises(PayloadDamaged):
        store.records.history("other")


def test_invalid_json_never_reaches_the_table(store: Store):
    case_id = _case(store)
    with pytest.raises(DatabaseError):
        store.conn.execute(
            "INSERT INTO records (id, version, case_id, kind, payload, created_at, author,"
            " device) VALUES ('x', 1, ?, 'signal', '{nope', ?, 'w', 'd')",
            (case_id, AT.isoformat()))


# -- drafts --------------------------------------------------------------------


def test_drafts_are_saved_replaced_listed_and_deleted(store: Store):
    case_id = _case(store)
    repo = store.records
    repo.save_draft("d1", case_id, "signal", {"facts": "Bla"}, now=AT, author="w", device="d")
    repo.save_draft("d2", None, "signal", {"facts": "Snel"}, now=AT, author="w", device="d")
    repo.save_draft("d1", case_id, "signal", {"facts": "Blauwe plek", "on": date(2026, 3, 9)},
                    now=LATER, author="w", device="d")
    [d1] = repo.drafts(case_id)
    assert d1.values == {"facts": "Blauwe plek", "on": date(2026, 3, 9)}
    assert (d1.created_at, d1.updated_at) == (AT, LATER)
    assert [d.id for d in repo.drafts()] == ["d1", "d2"]  # newest first
    assert repo.draft("d2").case_id is None
    assert repo.delete_draft("d1") is True
    assert repo.delete_draft("d1") is False
    assert repo.draft("d1") is None


def test_a_quick_capture_can_move_into_a_case(store: Store):
    case_id = _case(store)
    repo = store.records
    repo.save_draft("d", None, "signal", {"facts": "x"}, now=AT, author="w", device="d")
    repo.save_draft("d", case_id, "signal", {"facts": "x"}, now=LATER, author="w", device="d")
    assert [d.id for d in repo.drafts(case_id)] == ["d"]


def test_a_draft_for_an_unknown_case_is_refused(store: Store):
    with pytest.raises(UnknownCase):
        store.records.save_draft("d", "nope", "signal", {}, now=AT,
                                                author="w", device="d")


def test_drafts_may_be_deleted_records_may_not(store: Store):
    case_id = _case(store)
    repo = store.records
    repo.save_draft("d", case_id, "signal", {"a": 1}, now=AT, author="w", device="d")
    store.conn.execute("DELETE FROM drafts WHERE id = 'd'")
    assert repo.drafts() == []


# -- migration -------------------------------------------------------------------


def test_a_schema_1_store_gains_the_new_tables_and_keeps_its_cases(tmp_path: Path, monkeypatch):
    from app.store import database

    first = migrations()[:1]
    key = keys.new_store_key()
    conn = connect(tmp_path / "old.db", key)
    monkeypatch.setattr(database, "migrations", lambda: first)
    migrate(conn)
    conn.execute("INSERT INTO cases (id, reference, household_name, status, created_at,"
                 " updated_at, author, device) VALUES ('c', 'VW-1', 'F', 'open', 't', 't',"
                 " 'a', 'd')")
    monkeypatch.undo()
    assert migrate(conn) == len(migrations())
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"records", "drafts"} <= tables
    # Today's repositories write through the store's log of operations.
    conn.oplog = OpLog(conn, "w", "d", SigningKey.generate()[0])
    _append(RecordRepository(conn), "c", replace(b.signal(), id="s"))
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    conn.close()
