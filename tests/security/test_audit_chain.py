"""The audit chain cannot be shortened or rewritten unnoticed (issue 16):
entries are MACed with a key from the store key, numbers are never reused,
and the chain's head is kept outside the table (key file, backups, export
manifests); ``verify`` compares and names a shortened chain as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services.backup import backup_store
from app.store import keys
from app.store.audit import GENESIS, AuditAction, entry_hash
from app.store.database import connect
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.security.helpers import add_family, run_cli, store_key


def _filled(path: Path, families: int = 4) -> int:
    """A closed store with some entries; returns the number of entries."""
    with Store.create(path, PASSPHRASE) as store:
        for n in range(families):
            add_family(store, f"Familie Keten {n}", f"Kind Keten {n}", "Feit.")
        return len(store.audit.entries())


def _tamper(path: Path, *statements: tuple[str, tuple]) -> None:
    """Change the store as someone with the key could, behind the app's back."""
    conn = connect(path, store_key(path, PASSPHRASE))
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for sql, args in statements:
            conn.execute(sql, args)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _delete_last(path: Path, n: int | None) -> None:
    if n is None:
        _tamper(path, ("DELETE FROM audit_log", ()))
    else:
        _tamper(path, ("DELETE FROM audit_log WHERE seq > (SELECT max(seq) FROM audit_log) - ?",
                       (n,)))


@pytest.mark.parametrize("removed", [1, 3, 10, None], ids=["1", "3", "10", "all"])
def test_verify_names_a_chain_shortened_at_the_end(store_path: Path, removed):
    total = _filled(store_path)
    kept = keys.read_key_file(keys.key_file_path(store_path)).head
    assert kept is not None and kept.seq == total
    _delete_last(store_path, removed)
    left = 0 if removed is None else total - removed

    result = run_cli("verify", "--store", str(store_path), passphrase=PASSPHRASE)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert "Auditlog ingekort: volgens het sleutelbestand loopt het auditlog tot regel " \
        f"{total}" in result.stdout
    assert "Er zijn problemen gevonden." in result.stdout
    # The rows read: the ones left plus this verify's own unlock entry (and,
    # for an emptied table, nothing to chain on).
    rows = left + 1
    assert f"Auditlog: {rows} {'regel' if rows == 1 else 'regels'} gelezen" in result.stdout
    # Numbers are not reused: the unlock got a number above every old one...
    with Store.open(store_path, PASSPHRASE) as store:
        numbers = [e.seq for e in store.audit.entries()]
        assert numbers[-1] > total
        report = store.verify()
    assert not report.ok
    # ... and the kept head never moved back, nor onto the new entries.
    assert keys.read_key_file(keys.key_file_path(store_path)).head == kept


def test_an_edited_entry_with_a_recomputed_plain_chain_is_caught(store_path: Path):
    _filled(store_path)
    with Store.open(store_path, PASSPHRASE) as store:
        rows = store.conn.execute(
            "SELECT seq, id, at, actor, device, action, object_type, object_id, detail"
            " FROM audit_log ORDER BY seq").fetchall()
    target = rows[3][0]
    statements, prev = [], GENESIS
    for seq, *fields in rows:
        if seq == target:
            fields[7] = '{"x": 1}'
        digest = entry_hash(prev, *fields)
        statements.append(("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                           (fields[7], prev, digest, seq)))
        prev = digest
    _tamper(store_path, *statements)
    with Store.open(store_path, PASSPHRASE) as store:
        report = store.audit.verify()
        assert report.first_broken_seq == target
        # Every row is read, not only those up to the break.
        assert report.entries == len(rows) > target
        assert not store.verify().ok


def test_a_removed_entry_in_the_middle_breaks_the_chain(store_path: Path):
    _filled(store_path)
    _tamper(store_path, ("DELETE FROM audit_log WHERE seq = 5", ()))
    with Store.open(store_path, PASSPHRASE) as store:
        assert store.audit.verify().first_broken_seq == 6


def test_verify_backup_catches_a_rewritten_key_file_head(store_path: Path, tmp_path: Path):
    """Someone with the passphrase shortens the chain and writes the shorter
    head into the key file too: the store alone then looks whole, but a
    backup made earlier holds the longer head."""
    _filled(store_path)
    with Store.open(store_path, PASSPHRASE) as store:
        written = backup_store(store, tmp_path / "bk", PASSPHRASE)
    from app.store.backup import read_backup
    backup_head = read_backup(written.path).audit_head
    _delete_last(store_path, 3)
    # ... and, knowing the app, lets the numbering start again below the gap.
    _tamper(store_path, ("UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_log)"
                         " WHERE name = 'audit_log'", ()))
    with Store.open(store_path, PASSPHRASE) as store:
        short = store.audit.head()
    key_path = keys.key_file_path(store_path)
    keys.write_key_file(key_path, keys.read_key_file(key_path).with_head(short))
    assert run_cli("verify", "--store", str(store_path), passphrase=PASSPHRASE).returncode == 0

    result = run_cli("verify", "--store", str(store_path), "--backup", str(written.path),
                     passphrase=PASSPHRASE)
    assert result.returncode == 1, result.stdout
    assert "volgens de back-up van" in result.stdout
    # The run before reused the removed numbers, so the entry at the backup's
    # head is there again, but not the same one.
    assert f"Auditlog vervangen: regel {backup_head.seq} is niet meer dezelfde als volgens " \
        "de back-up van" in result.stdout


def test_verify_backup_accepts_a_chain_that_grew_since(store_path: Path, tmp_path: Path):
    _filled(store_path)
    with Store.open(store_path, PASSPHRASE) as store:
        written = backup_store(store, tmp_path / "bk", PASSPHRASE)
        add_family(store, "Familie Later", "Kind Later", "Feit.")
    result = run_cli("verify", "--store", str(store_path), "--backup", str(written.path),
                     passphrase=PASSPHRASE)
    assert result.returncode == 0, result.stdout
    assert "Alles in orde." in result.stdout


def test_backups_and_export_manifests_carry_the_head(store_path: Path, tmp_path: Path):
    from app.services.handover import export_client_copy
    from app.store.backup import read_backup

    _filled(store_path, 1)
    with Store.open(store_path, PASSPHRASE) as store:
        head = store.audit.head()
        written = backup_store(store, tmp_path / "bk", PASSPHRASE)
        assert read_backup(written.path).audit_head == head
        case = store.cases.summaries()[0]
        person = store.cases.get(case.id).people[0]
        before_export = store.audit.head()
        folder = export_client_copy(store, case.id, person.id, tmp_path / "pkg",
                                    "exportwachtwoord met woorden")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["audit_head"] == before_export.to_json()
    from app.export.package import verify_package
    assert verify_package(folder).ok


def test_a_store_with_the_plain_chain_is_keyed_once_with_a_recorded_entry(tmp_path, monkeypatch):
    from tests.store.legacy import insert_case, use_code_before

    path = tmp_path / "old.db"
    use_code_before(monkeypatch, 8)
    with Store.create(path, PASSPHRASE) as old:
        # A case without people: today's person columns came after migration 8.
        with old.transaction():
            insert_case(old.conn, "Familie Oud", old.worker_id, old.device_id)
        older = len(old.audit.entries())
    monkeypatch.undo()
    with Store.open(path, PASSPHRASE) as store:
        entries = store.audit.entries()
        keyed = [e for e in entries if e.detail.get("key") == "audit_chain_keyed"]
        assert len(keyed) == 1 and keyed[0].detail["older_entries"] == older
        assert keyed[0].seq == older + 1
        assert store.verify().ok
    Store.open(path, PASSPHRASE).close()
    with Store.open(path, PASSPHRASE) as store:
        assert sum(1 for e in store.audit.entries()
                   if e.detail.get("key") == "audit_chain_keyed") == 1, "only once"
    # An old entry edited with its plain chain recomputed up to the end
    # breaks the first keyed entry, whose mac covers the plain hash.
    with Store.open(path, PASSPHRASE) as store:
        rows = store.conn.execute(
            "SELECT seq, id, at, actor, device, action, object_type, object_id, detail"
            " FROM audit_log ORDER BY seq").fetchall()
    statements, prev = [], GENESIS
    for seq, *fields in rows:
        if seq == 2:
            fields[7] = '{"x": 1}'
        digest = entry_hash(prev, *fields)
        statements.append(("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                           (fields[7], prev, digest, seq)))
        prev = digest
    _tamper(path, *statements)
    with Store.open(path, PASSPHRASE) as store:
        assert store.audit.verify().first_broken_seq == older + 1


def test_the_mac_key_is_its_own(store_path: Path):
    """The chain's key is derived with its own label: not the store key,
    not the backup's mac key."""
    from app.store.audit import derive_key
    from app.store.backup import _mac

    _filled(store_path, 0)
    key = store_key(store_path, PASSPHRASE)
    store_id = keys.read_key_file(keys.key_file_path(store_path)).store_id
    audit_key = derive_key(key, store_id)
    assert audit_key != key and audit_key != derive_key(key, "another-store")
    assert _mac(key, store_id, b"") != _mac(audit_key, store_id, b"")
    assert AuditAction.CHANGE == "change"


def test_closing_the_store_wipes_the_audit_key(tmp_path):
    """A lock drops key material: the store key and the audit chain's mac key."""
    with Store.create(tmp_path / "s.db", PASSPHRASE) as store:
        key = store._audit_key
        assert key is not None and any(key)
        with store.for_thread() as task:
            assert task._audit_key == key and task._audit_key is not key
        assert any(key), "a task's store wipes its own copy, not ours"
    assert store._audit_key is None and store._key is None
    assert key == bytearray(len(key))
