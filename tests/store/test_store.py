"""The store on real SQLCipher files: create, reopen, wrong key, plain file,
newer schema, migrations, key file problems."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cases.model import Role
from app.services import cases as case_service
from app.store import keys
from app.store.database import (
    SQLITE_HEADER,
    DatabaseError,
    connect,
    migrate,
    migrations,
    schema_version,
)
from app.store.errors import (
    KeyFileProblem,
    NewerSchema,
    NotEncrypted,
    StoreExists,
    StoreNotFound,
    WrongPassphrase,
)
from app.store.store import Store, StoreKind
from tests.conftest import PASSPHRASE


def test_create_then_reopen_keeps_cases_and_people(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        case = case_service.create_case(store, "Familie Öztürk")
        case_service.add_person(store, case.id, "Zoë Öztürk", Role.CHILD, age=7)
    with Store.open(store_path, PASSPHRASE) as store:
        again = case_service.find_case(store, case.reference)
    assert again.household_name == "Familie Öztürk"
    assert [(p.name, p.role, p.age) for p in again.people] == [("Zoë Öztürk", Role.CHILD, 7)]
    assert again.provenance.created_at.tzinfo is not None


def test_store_file_is_encrypted_on_disk(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        case_service.create_case(store, "Familie Herkenbaar")
    raw = store_path.read_bytes()
    assert not raw.startswith(SQLITE_HEADER)
    assert b"Herkenbaar" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(store_path).execute("SELECT * FROM sqlite_master").fetchall()


def test_wrong_passphrase_is_refused_with_a_message(store_path: Path):
    Store.create(store_path, PASSPHRASE).close()
    with pytest.raises(WrongPassphrase) as caught:
        Store.open(store_path, "niet het goede wachtwoord")
    assert "klopt niet" in caught.value.message


def test_plain_sqlite_file_is_refused(tmp_path: Path):
    plain = tmp_path / "plain.db"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotEncrypted) as caught:
        Store.open(plain, PASSPHRASE)
    assert "niet versleuteld" in caught.value.message


def test_missing_store_and_existing_store(store_path: Path):
    with pytest.raises(StoreNotFound):
        Store.open(store_path, PASSPHRASE)
    Store.create(store_path, PASSPHRASE).close()
    with pytest.raises(StoreExists):
        Store.create(store_path, PASSPHRASE)


def test_newer_schema_is_refused(store_path: Path):
    Store.create(store_path, PASSPHRASE).close()
    key = keys.unwrap(keys.read_key_file(keys.key_file_path(store_path)), PASSPHRASE)
    conn = connect(store_path, key)
    conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.close()
    with pytest.raises(NewerSchema) as caught:
        Store.open(store_path, PASSPHRASE)
    assert "nieuwere versie" in caught.value.message


def test_migration_from_an_empty_store_builds_every_table(tmp_path: Path):
    key = keys.new_store_key()
    conn = connect(tmp_path / "empty.db", key)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert migrate(conn) == len(migrations())
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"meta", "cases", "persons", "audit_log"} <= tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    # Running it again changes nothing.
    assert migrate(conn) == schema_version()
    conn.close()


def test_a_failing_migration_leaves_version_and_tables_untouched(tmp_path: Path, monkeypatch):
    from app.store import database

    good = migrations()
    broken = [*good, (len(good) + 1, "9999_broken.sql",
                      "CREATE TABLE half_done (x);\nTHIS IS NOT SQL;\n")]
    monkeypatch.setattr(database, "migrations", lambda: broken)
    conn = connect(tmp_path / "m.db", keys.new_store_key())
    with pytest.raises(DatabaseError, match="syntax error"):
        migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(good)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    conn.close()


def test_missing_key_file_is_explained(store_path: Path):
    Store.create(store_path, PASSPHRASE).close()
    keys.key_file_path(store_path).unlink()
    with pytest.raises(KeyFileProblem) as caught:
        Store.open(store_path, PASSPHRASE)
    assert "sleutelbestand" in caught.value.message


@pytest.mark.parametrize("content", [
    b"", b"{", b"[]", b'{"format": "iets anders", "version": 1}',
    b'{"format": "veiligwijzer-keys", "version": 1, "store_id": "x", "slots": []}',
    b'{"format": "veiligwijzer-keys", "version": 1, "store_id": "x", "slots": [{"kdf": "md5"}]}',
    b"\xff\xfe\x00garbage",
])
def test_damaged_key_file_is_refused_cleanly(store_path: Path, content: bytes):
    Store.create(store_path, PASSPHRASE).close()
    keys.key_file_path(store_path).write_bytes(content)
    with pytest.raises(KeyFileProblem):
        Store.open(store_path, PASSPHRASE)


def test_key_file_of_another_store_is_refused(tmp_path: Path):
    Store.create(tmp_path / "a.db", PASSPHRASE).close()
    Store.create(tmp_path / "b.db", PASSPHRASE).close()
    keys.key_file_path(tmp_path / "a.db").write_bytes(
        keys.key_file_path(tmp_path / "b.db").read_bytes())
    with pytest.raises(KeyFileProblem):
        Store.open(tmp_path / "a.db", PASSPHRASE)


def test_key_file_holds_no_store_key_in_clear(store_path: Path):
    Store.create(store_path, PASSPHRASE).close()
    doc = json.loads(keys.key_file_path(store_path).read_text())
    assert doc["format"] == "veiligwijzer-keys"
    assert [s["name"] for s in doc["slots"]] == ["passphrase"]
    assert PASSPHRASE not in json.dumps(doc)


def test_a_second_slot_opens_the_same_store(store_path: Path):
    """The key design lets a recovery key be added without touching the data."""
    Store.create(store_path, PASSPHRASE).close()
    path = keys.key_file_path(store_path)
    key_file = keys.read_key_file(path)
    store_key = keys.unwrap(key_file, PASSPHRASE)
    recovery = "HERSTEL-SLEUTEL-1234-5678"
    keys.write_key_file(path, key_file.with_slot(
        keys.wrap(store_key, recovery, key_file.store_id, keys.RECOVERY_SLOT)))
    with Store.open(store_path, recovery, slot=keys.RECOVERY_SLOT) as store:
        assert store.kind == StoreKind.REAL
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, PASSPHRASE, slot=keys.RECOVERY_SLOT)


def test_verify_reports_a_healthy_store(store):
    report = store.verify()
    assert report.ok, report.problems
    assert report.schema_version == schema_version()
    assert report.audit_entries >= 1


def test_store_kind_is_kept(tmp_path: Path):
    Store.create(tmp_path / "demo.db", PASSPHRASE, StoreKind.DEMO).close()
    with Store.open(tmp_path / "demo.db", PASSPHRASE) as store:
        assert store.kind == StoreKind.DEMO
