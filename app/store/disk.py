"""What the disk says about a store's folder, in plain Dutch.

A read-only folder, a folder without write permission, a read-only store file
and a full disk all make SQLite fail, and SQLite's message for them ("attempt
to write a readonly database", "unable to open database file") would
otherwise be taken for a damaged store or a wrong key file. Opening checks
the folder and files before SQLite touches them (SQLite would otherwise
leave a ``-shm`` it cannot use again, see ``check_writable``); any error that
comes later is mapped by ``store_error``.

``_access`` and ``_read_only_mount`` are the only calls that ask the system;
tests replace them to act out a folder without permission, the way a real one
fails, since the tests run as root.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from app.i18n import _
from app.store.errors import StoreDamaged, StoreError, StoreNotWritable

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def companion_files(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and shared-memory index beside the store."""
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _access(path: Path, mode: int) -> bool:
    return os.access(path, mode)


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: Windows has no statvfs
        return False


def _disk_full(folder: Path) -> bool:
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):
        return False


def _folder_not_writable(folder: Path, read_only: bool = False) -> StoreNotWritable:
    if read_only or _read_only_mount(folder):
        return StoreNotWritable(_(
            "De map {folder} is alleen-lezen. Veiligwijzer moet daar kunnen schrijven om de "
            "kluis te openen. Zet de kluis op een schijf waar je kunt schrijven.").format(
            folder=folder))
    return StoreNotWritable(_(
        "Veiligwijzer mag niet schrijven in de map {folder}. Vraag de beheerder om "
        "schrijfrechten, of zet de kluis in een map waar je kunt schrijven.").format(
        folder=folder))


def _file_not_writable(file: Path) -> StoreNotWritable:
    return StoreNotWritable(_(
        "Het bestand {path} is alleen-lezen. Veiligwijzer heeft er niets aan veranderd. Geef "
        "het weer schrijfrechten om de kluis te openen.").format(path=file))


def check_writable(path: Path) -> None:
    """Refuse before SQLite starts when the store cannot be written.

    Unlocking writes (the audit entry), and SQLite, once it has opened a
    read-only store, leaves a ``-shm`` with the store file's mode that breaks
    every later open. A file without its owner's write bit counts as read-only
    even for root, so the answer does not depend on who runs the app.
    """
    folder = path.absolute().parent
    if not _access(folder, os.W_OK | os.X_OK):
        raise _folder_not_writable(folder)
    for file in (path, *companion_files(path)):
        try:
            mode = file.stat().st_mode
        except FileNotFoundError:
            continue
        if not mode & stat.S_IWUSR or not _access(file, os.W_OK):
            raise _file_not_writable(file)


def no_space(folder: Path) -> StoreNotWritable:
    return StoreNotWritable(_(
        "Er is geen ruimte meer op de schijf van {folder}. Er is niets verloren gegaan. Maak "
        "ruimte vrij en probeer het opnieuw.").format(folder=folder))


def store_error(exc: BaseException, path: Path) -> StoreError:
    """The message for an error that SQLite or the system gave on the store at ``path``.

    Disk trouble is named as such; only what is left is called damage.
    """
    if isinstance(exc, StoreError):
        return exc
    return disk_error(exc, path) or StoreDamaged(
        _("De kluis is beschadigd en kan niet worden gelezen."))


def disk_error(exc: BaseException, path: Path) -> StoreError | None:
    """``store_error`` for trouble with the disk or damage, else None: a
    refused change (a trigger, a constraint) is not the disk's doing."""
    folder = path.absolute().parent
    if isinstance(exc, OSError):
        where = exc.filename or path
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return no_space(folder)
        if exc.errno == errno.EROFS:
            return _folder_not_writable(folder, read_only=True)
        if exc.errno in (errno.EACCES, errno.EPERM):
            return StoreNotWritable(_(
                "Veiligwijzer heeft geen toestemming om {path} te gebruiken.").format(path=where))
        return StoreNotWritable(_(
            "Het bestand {path} kon niet worden gebruikt (systeemfout {code}).").format(
            path=where, code=errno.errorcode.get(exc.errno or 0, exc.errno)))
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_FULL or (primary == SQLITE_IOERR and _disk_full(folder)):
        return no_space(folder)
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        try:
            check_writable(path)
        except StoreNotWritable as found:
            return found
        return StoreNotWritable(_(
            "Veiligwijzer kon de kluis in {folder} niet openen of er niet in schrijven. "
            "Controleer of de map en de bestanden erin beschrijfbaar zijn.").format(
            folder=folder))
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreNotWritable(_(
            "De kluis is in gebruik door een ander programma. Sluit dat en probeer het "
            "opnieuw."))
    if primary == SQLITE_IOERR:
        return StoreNotWritable(_(
            "De schijf gaf een fout bij het lezen of schrijven van {path}. Probeer het "
            "opnieuw; lukt het niet, kijk dan of de schijf in orde is.").format(path=path))
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreDamaged(_("De kluis is beschadigd en kan niet worden gelezen."))
    return None
