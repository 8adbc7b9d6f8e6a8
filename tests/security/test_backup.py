"""Backup and restore on real stores and real files: a restored store has the
same cases and an intact audit chain; a damaged, cut-off, foreign, tampered
or random file is refused with a clear Dutch message and leaves nothing
behind — through the services and through the command line."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from app.services import meldcode
from app.services.backup import backup_store, restore_store
from app.store import keys
from app.store.audit import AuditAction
from app.store.backup import (
    MAGIC,
    BackupProblem,
    WrongBackupPassphrase,
    parse_backup,
    read_backup,
)
from app.store.errors import StoreExists, WrongPassphrase
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.security.helpers import add_family, assert_clean_error, run_cli

OTHER = "wachtwoord van een andere opslag"
NAME = re.compile(r"^veiligwijzer-backup-\d{8}T\d{6}Z(-\d+)?\.vwbackup$")


def _contents(store: Store):
    return sorted(
        (c.reference, c.household_name, c.status, tuple(p.name for p in store.cases.people(c.id)),
         tuple(h.current.facts for h in meldcode.load_records(store, c.id).signals))
        for c in store.cases.summaries())


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith(target.name)
                  or p.name.startswith("." + target.name))


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("source") / "bron.db"
    with Store.create(path, PASSPHRASE) as store:
        for n in range(4):
            add_family(store, f"Familie Reserve {n}", f"Kind Reserve {n}",
                       f"Bij huisbezoek gezien, nummer {n}.")
    return path


@pytest.fixture(scope="module")
def backup_file(source: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    with Store.open(source, PASSPHRASE) as store:
        return backup_store(store, out, PASSPHRASE).path


@pytest.fixture(scope="module")
def foreign_backup(tmp_path_factory) -> Path:
    """A backup of another store, with another passphrase."""
    base = tmp_path_factory.mktemp("foreign")
    with Store.create(base / "ander.db", OTHER) as store:
        add_family(store, "Familie Elders", "Kind Elders", "Iets anders.")
        return backup_store(store, base / "out", OTHER).path


def _refused(backup: Path, target: Path, expect: type[Exception] = BackupProblem) -> str:
    with pytest.raises(expect) as caught:
        restore_store(backup, target, PASSPHRASE)
    assert not target.exists() and not keys.key_file_path(target).exists()
    assert _leftovers(target) == []
    return caught.value.message


def test_backup_then_restore_gives_the_same_store_with_an_intact_chain(
        source: Path, backup_file: Path, tmp_path: Path):
    assert NAME.match(backup_file.name), backup_file.name
    assert sorted(p.name for p in backup_file.parent.iterdir()) == [backup_file.name]
    raw = backup_file.read_bytes()
    assert raw.startswith(MAGIC)
    for secret in (b"Familie Reserve", b"Kind Reserve", b"huisbezoek", PASSPHRASE.encode()):
        assert secret not in raw

    target = tmp_path / "nieuw" / "terug.db"
    result = restore_store(backup_file, target, PASSPHRASE)
    assert result.cases == 4
    with Store.open(source, PASSPHRASE) as original, Store.open(target, PASSPHRASE) as restored:
        assert _contents(restored) == _contents(original)
        report = restored.verify()
        assert report.ok and report.audit_first_broken is None
        assert restored.store_id == original.store_id
        backups = [e for e in original.audit.entries() if e.action == AuditAction.BACKUP]
        restores = [e for e in restored.audit.entries() if e.action == AuditAction.RESTORE]
    assert [e.detail for e in restores] == [{"backup": result.backup_id}]
    assert result.backup_id in [e.detail["backup"] for e in backups]
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert _leftovers(target) == ["terug.db", "terug.db.keys"]


def test_restore_refuses_an_existing_target(backup_file: Path, tmp_path: Path):
    target = tmp_path / "bestaat.db"
    target.write_bytes(b"iets")
    with pytest.raises(StoreExists):
        restore_store(backup_file, target, PASSPHRASE)
    assert target.read_bytes() == b"iets"


def test_backup_with_a_wrong_passphrase_writes_nothing(source: Path, tmp_path: Path):
    with Store.open(source, PASSPHRASE) as store, pytest.raises(WrongPassphrase):
        backup_store(store, tmp_path / "out", "niet het goede wachtwoord")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def _flip(raw: bytes, at: int) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1:]


def test_a_byte_flipped_anywhere_is_refused(backup_file: Path, tmp_path: Path):
    raw = backup_file.read_bytes()
    header_end = 14 + int.from_bytes(raw[10:14], "big") + 8
    # Every byte of the preamble, header and lengths, every byte of mac and
    # digest, and every 61st byte of the database in between.
    positions = sorted({*range(header_end), *range(len(raw) - 64, len(raw)),
                        *range(header_end, len(raw) - 64, 61)})
    for at in positions:
        with pytest.raises(BackupProblem):
            parse_backup(_flip(raw, at), backup_file)
    # And through restore with real files, at a spread of places.
    for n, at in enumerate([0, 9, 12, 40, header_end + 5, len(raw) // 2, len(raw) - 40,
                            len(raw) - 1]):
        broken = tmp_path / f"flip{n}.vwbackup"
        broken.write_bytes(_flip(raw, at))
        message = _refused(broken, tmp_path / f"t{n}.db")
        assert "back-up" in message.lower() or "Veiligwijzer" in message


def test_a_truncated_file_is_refused(backup_file: Path, tmp_path: Path):
    raw = backup_file.read_bytes()
    for n, length in enumerate([0, 5, 8, 14, 100, len(raw) // 2, len(raw) - 33, len(raw) - 1]):
        cut = tmp_path / f"cut{n}.vwbackup"
        cut.write_bytes(raw[:length])
        _refused(cut, tmp_path / f"t{n}.db")


def test_a_backup_of_another_store_is_refused(foreign_backup: Path, tmp_path: Path):
    message = _refused(foreign_backup, tmp_path / "t.db", WrongBackupPassphrase)
    assert "past niet bij deze back-up" in message


def _resign(raw_body: bytes) -> bytes:
    """What someone without the key can do: recompute the digest."""
    return raw_body + hashlib.sha256(raw_body).digest()


def test_a_changed_file_with_a_fresh_digest_is_refused(backup_file: Path, tmp_path: Path):
    raw = backup_file.read_bytes()
    body = raw[:-32]
    tampered = tmp_path / "tampered.vwbackup"
    tampered.write_bytes(_resign(_flip(body, len(body) // 2)))
    assert "veranderd" in _refused(tampered, tmp_path / "t.db")


def test_a_file_put_together_from_two_backups_is_refused(
        backup_file: Path, foreign_backup: Path, tmp_path: Path):
    ours, theirs = read_backup(backup_file), read_backup(foreign_backup)
    # Our header (our key file, our passphrase) around their database.
    head = ours.signed[:len(ours.signed) - len(ours.database) - 8]
    spliced_signed = head + len(theirs.database).to_bytes(8, "big") + theirs.database
    spliced = tmp_path / "spliced.vwbackup"
    spliced.write_bytes(_resign(spliced_signed + ours.mac))
    assert "veranderd" in _refused(spliced, tmp_path / "t.db")


def test_a_random_file_and_other_files_are_refused(tmp_path: Path, source: Path):
    random_file = tmp_path / "random.vwbackup"
    random_file.write_bytes(os.urandom(50_000))
    assert "geen back-up" in _refused(random_file, tmp_path / "t1.db")
    assert "geen back-up" in _refused(source, tmp_path / "t2.db")  # the store file itself
    assert "geen back-up" in _refused(keys.key_file_path(source), tmp_path / "t3.db")
    assert "geen back-up op deze plek" in _refused(tmp_path / "nergens.vwbackup",
                                                   tmp_path / "t4.db")
    fake = tmp_path / "fake.vwbackup"
    fake.write_bytes(MAGIC + os.urandom(10_000))
    _refused(fake, tmp_path / "t5.db")


# -- the command line ----------------------------------------------------------


def test_cli_backup_and_restore(source: Path, tmp_path: Path):
    out = tmp_path / "usb"
    made = run_cli("backup", "--store", str(source), "--out", str(out), passphrase=PASSPHRASE)
    assert made.returncode == 0, made.stderr
    files = list(out.iterdir())
    assert len(files) == 1 and NAME.match(files[0].name)
    target = tmp_path / "terug.db"
    restored = run_cli("restore", "--backup", str(files[0]), "--store", str(target),
                       passphrase=PASSPHRASE)
    assert restored.returncode == 0, restored.stderr
    verified = run_cli("verify", "--store", str(target), passphrase=PASSPHRASE)
    assert verified.returncode == 0 and "Alles in orde." in verified.stdout
    listed = run_cli("cases", "--store", str(target), passphrase=PASSPHRASE)
    assert len(listed.stdout.splitlines()) == 4


def test_cli_refuses_every_bad_backup_cleanly(backup_file: Path, foreign_backup: Path,
                                              tmp_path: Path):
    raw = backup_file.read_bytes()
    bad = {
        "flipped": _flip(raw, len(raw) // 3),
        "truncated": raw[: len(raw) - 100],
        "random": os.urandom(20_000),
        "tampered": _resign(_flip(raw[:-32], len(raw) // 2)),
        "foreign": foreign_backup.read_bytes(),
    }
    for name, content in bad.items():
        path = tmp_path / f"{name}.vwbackup"
        path.write_bytes(content)
        target = tmp_path / f"{name}.db"
        result = run_cli("restore", "--backup", str(path), "--store", str(target),
                         passphrase=PASSPHRASE)
        line = assert_clean_error(result)
        assert "back-up" in line.lower(), (name, line)
        assert _leftovers(target) == [], name
    exists = run_cli("restore", "--backup", str(backup_file), "--store", str(backup_file),
                     passphrase=PASSPHRASE)
    assert "Er staat al een kluis" in assert_clean_error(exists)


def test_a_backup_that_fails_its_check_after_writing_is_deleted(
        source: Path, tmp_path: Path, monkeypatch):
    """Failure injection (a disk that corrupts what it is given): the written
    file is read back and checked, found wrong, deleted, and no BACKUP entry
    is logged."""
    from app.store import backup as backup_module

    class FaultyDisk(backup_module.NewFile):
        def write(self, data: bytes) -> None:
            super().write(data[:5000] + bytes([data[5000] ^ 0x10]) + data[5001:])

    monkeypatch.setattr(backup_module, "NewFile", FaultyDisk)
    out = tmp_path / "out"
    with Store.open(source, PASSPHRASE) as store:
        before = len(store.audit.entries())
        with pytest.raises(BackupProblem):
            backup_store(store, out, PASSPHRASE)
        assert len(store.audit.entries()) == before
    assert list(out.iterdir()) == []
