"""Back up a store to a folder the worker chooses, and restore a backup.

The file format and its checks live in ``app.store.backup``. Here: the
audit entries (BACKUP in the store that was backed up, RESTORE in the store
that was restored, both with the backup's random id so the two can be
matched, no names, no paths) and a small result for the screen or the
command line.

Making a backup asks for the passphrase even when the store is open: the
copy is checked by opening it the way a restore will, with the passphrase,
so a backup is only made by someone who can restore it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.i18n import _, format_date
from app.store import keys
from app.store.audit import AuditAction
from app.store.backup import backup_for_verify, restore_backup, write_backup
from app.store.store import Store, VerifyReport


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backup_id: str


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    cases: int
    backed_up_at: datetime
    backup_id: str


def backup_store(store: Store, out_dir: Path, passphrase: str, *,
                 slot: str = keys.PASSPHRASE_SLOT, now: datetime | None = None,
                 force: bool = False) -> BackupResult:
    """Write one checked backup file into ``out_dir``; returns its path."""
    written = write_backup(store, passphrase, Path(out_dir), slot=slot, now=now, force=force)
    try:
        with store.transaction():
            store.audit.append(AuditAction.BACKUP, "store", store.store_id,
                               backup=written.backup_id)
    except BaseException:
        # Without its audit entry, no backup (as with an export): a lock that
        # stopped the task, or a full disk.
        written.path.unlink(missing_ok=True)
        raise
    return BackupResult(written.path, written.backup_id)


@dataclass(frozen=True)
class Verification:
    report: VerifyReport
    #: False for a backup from a version that kept no audit head: then there
    #: was nothing to compare with.
    backup_has_head: bool = True


def verify_store(store: Store, backup_file: Path | None = None,
                 passphrase: str | None = None) -> Verification:
    """Integrity, schema and audit chain of ``store``; with ``backup_file``
    also the chain compared with the head that backup kept (its mac checked
    with the store key, unwrapped with ``passphrase``)."""
    if backup_file is None:
        return Verification(store.verify())
    backup = backup_for_verify(Path(backup_file), store, passphrase or "")
    label = _("de back-up van {day}").format(day=format_date(backup.created_at.date(), "short"))
    return Verification(store.verify(((label, backup.audit_head),)),
                        backup.audit_head is not None)


def restore_store(backup_file: Path, target: Path, passphrase: str, *,
                  slot: str = keys.PASSPHRASE_SLOT) -> RestoreResult:
    """Restore ``backup_file`` as a new store at ``target`` (which must not exist)."""
    store, backup = restore_backup(Path(backup_file), Path(target), passphrase, slot=slot)
    try:
        with store.transaction():
            store.audit.append(AuditAction.RESTORE, "store", store.store_id,
                               backup=backup.backup_id)
        return RestoreResult(store.path, store.cases.count(), backup.created_at,
                             backup.backup_id)
    finally:
        store.close()
