"""Every file the app writes for the user (export, report, back-up) goes through here.

The rules, in one place:

- An existing file is never overwritten, and a symbolic link, a device node
  (``/dev/full``), a named pipe or a socket at the target is never followed
  or written to, unless the caller passes ``force=True`` (``--force`` on the
  command line). Even then a device or pipe is written to as it is (never
  renamed over, which would replace the device node), and a link is followed
  to the file it names.
- A file is written into a hidden temporary file beside the target
  (``.NAME.XXXXXXXX.part``), flushed and fsynced, and put in place in one
  step: as a hard link that fails when the name was taken in the meantime (a
  plain rename on file systems without links, such as FAT on a USB stick),
  or with ``force`` a rename over the old file. On any failure, an interrupt
  included, the temporary file is removed: nothing is left behind.
- An operating-system error becomes an :class:`OutputError` with a Dutch
  message that names the path (``describe_os_error``).
- User input echoed in a message goes through :func:`shown`: cut to a sane
  length, control and direction characters shown escaped, so a crafted name
  cannot hide or rewrite the rest of the line.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import unicodedata
from pathlib import Path
from typing import BinaryIO

from app.errors import VeiligwijzerError
from app.i18n import _

#: How much of a user's input a message repeats.
SHOWN_LIMIT = 80
#: Control, format (direction marks), unassigned, private-use and surrogate
#: characters, and line and paragraph separators.
_ESCAPED = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK,
             errno.EXDEV}


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """``value`` as it may appear in a message: control, format and line
    characters escaped (``\\n``, ``\\x1b``, ``\\u202e``), cut to ``limit``
    characters with an ellipsis."""
    out = []
    for char in str(value):
        if unicodedata.category(char) in _ESCAPED:
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    text = "".join(out)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class OutputError(VeiligwijzerError):
    """A file or folder for the user cannot be written where asked."""


class OutputExists(OutputError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("Er staat al een bestand {path}. Veiligwijzer overschrijft het niet; "
                           "kies een andere naam (of gebruik --force).").format(path=shown(path)))


class OutputNotRegular(OutputError):
    def __init__(self, path: Path, what: str) -> None:
        super().__init__(_("{path} is {what}. Veiligwijzer schrijft daar niet naartoe; kies "
                           "een gewoon bestand (of gebruik --force).").format(
            path=shown(path), what=what))


class OutputIsFolder(OutputError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("{path} is een map; geef een bestandsnaam.").format(path=shown(path)))


class OutputIsFile(OutputError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("{path} is een bestand, geen map; geef een map.").format(
            path=shown(path)))


def _kind_of(mode: int) -> str | None:
    """What a non-regular target is, in words; ``None`` for a regular file."""
    if stat.S_ISLNK(mode):
        return _("een snelkoppeling (symbolische link)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("een apparaat")
    if stat.S_ISFIFO(mode):
        return _("een pijp (fifo)")
    if stat.S_ISSOCK(mode):
        return _("een socket")
    return None


def describe_os_error(exc: OSError, path: Path) -> str:
    """The Dutch message for an operating-system error while writing ``path``."""
    folder = shown(Path(path).parent)
    where = shown(path)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("Er is geen ruimte meer op {folder}.").format(folder=folder)
    if code == errno.EROFS:
        return _("De map {folder} is alleen-lezen.").format(folder=folder)
    if code in (errno.EACCES, errno.EPERM):
        return _("Je hebt geen toestemming om te schrijven in {folder}.").format(folder=folder)
    if code == errno.ENOENT:
        return _("De map {folder} bestaat niet.").format(folder=folder)
    if code == errno.ENOTDIR:
        return _("Een deel van {path} is geen map.").format(path=where)
    if code == errno.EISDIR:
        return OutputIsFolder(Path(path)).message
    if code == errno.ENAMETOOLONG:
        return _("De naam is te lang: {path}").format(path=where)
    if code == errno.EIO:
        return _("Het apparaat gaf een fout bij het schrijven van {path}.").format(path=where)
    return _("{path} kan niet worden geschreven (foutcode {code}).").format(
        path=where, code=errno.errorcode.get(code or 0, code))


def output_error(exc: OSError, path: Path) -> OutputError:
    return OutputError(describe_os_error(exc, path))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise output_error(exc, path) from None


def resolve_file_target(path: Path, *, force: bool = False) -> tuple[Path, bool]:
    """Check a file target before any work is done. Returns the path to write
    and whether it is written as it is (a device or pipe, only with ``force``)
    instead of through a temporary file."""
    path = Path(path)
    found = _lstat(path)
    if found is None:
        return path, False
    if stat.S_ISDIR(found.st_mode):
        raise OutputIsFolder(path)
    what = _kind_of(found.st_mode)
    if not force:
        if what is None:
            raise OutputExists(path)
        raise OutputNotRegular(path, what)
    if stat.S_ISLNK(found.st_mode):
        return resolve_file_target(Path(os.path.realpath(path)), force=True)
    return path, what is not None


def prepare_folder(path: Path, *, force: bool = False) -> Path:
    """A folder to write into: made when missing; a link is followed only with
    ``force``; a file there is named as a file."""
    path = check_folder_target(path, force=force)
    if _lstat(path) is None:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise OutputIsFile(path) from None
        except OSError as exc:
            raise output_error(exc, path) from None
    return path


def check_folder_target(path: Path, *, force: bool = False) -> Path:
    """A folder that is about to be created as a whole (an export package):
    it may not exist yet, or be an empty folder. A file there is named as a
    file, a link is followed only with ``force``."""
    path = Path(path)
    found = _lstat(path)
    if found is not None and stat.S_ISLNK(found.st_mode):
        if not force:
            raise OutputNotRegular(path, _kind_of(found.st_mode) or "")
        path = Path(os.path.realpath(path))
        found = _lstat(path)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise OutputIsFile(path)
    return path


def fsync_folder(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _publish_new(temp: Path, target: Path) -> None:
    """Put ``temp`` at ``target`` only if ``target`` is still free."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise OutputExists(target) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise OutputExists(target) from None
        os.rename(temp, target)
        return
    os.unlink(temp)


class NewFile:
    """One output file, written through a temporary file::

        with NewFile(path, force=args.force) as out:
            out.write(data)             # or write into out.temp yourself
            check(out.temp)             # optional: read it back before it counts

    The target is checked when the object is made (before slow work), and
    again when the file is put in place. Leaving the block with an exception
    removes the temporary file and leaves the target as it was.
    """

    def __init__(self, path: Path, *, force: bool = False, mode: int = 0o600) -> None:
        self.requested = Path(path)
        self.force = force
        self.mode = mode
        self.path, self.direct = resolve_file_target(self.requested, force=force)
        self.temp: Path | None = None
        self._fh: BinaryIO | None = None

    def __enter__(self) -> NewFile:
        if self.direct:
            return self
        folder = self.path.parent
        name = f".{self.path.name[:100]}.{secrets.token_hex(4)}.part"
        self.temp = folder / name
        try:
            fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, self.mode)
        except OSError as exc:
            self.temp = None
            raise output_error(exc, self.path) from None
        self._fh = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> None:
        try:
            if self.direct:
                with open(self.path, "wb") as fh:  # a device or pipe, asked for with force
                    fh.write(data)
                return
            assert self._fh is not None
            self._fh.write(data)
        except OSError as exc:
            raise output_error(exc, self.path) from None

    def flush(self) -> None:
        """Make what was written so far readable at ``temp`` (to check it)."""
        if self._fh is not None:
            try:
                self._fh.flush()
            except OSError as exc:
                raise output_error(exc, self.path) from None

    def _finish(self) -> None:
        assert self.temp is not None and self._fh is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        if self.force:
            # Checked again: a device put there meanwhile is never renamed over.
            if resolve_file_target(self.requested, force=True) != (self.path, False):
                raise OutputNotRegular(self.requested, _("veranderd tijdens het schrijven"))
            os.replace(self.temp, self.path)
        else:
            _publish_new(self.temp, self.path)
        self.temp = None
        fsync_folder(self.path.parent)

    def _discard(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self.temp is not None:
            try:
                self.temp.unlink()
            except FileNotFoundError:
                pass
            self.temp = None

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.direct:
            return
        if exc_type is not None:
            self._discard()
            return
        try:
            self._finish()
        except OSError as error:
            self._discard()
            raise output_error(error, self.path) from None
        except BaseException:
            self._discard()
            raise


def write_file(path: Path, data: bytes, *, force: bool = False, mode: int = 0o600) -> Path:
    """Write ``data`` as a new file at ``path`` by the rules above; returns the
    path written (the link's target when a link was followed with ``force``)."""
    with NewFile(path, force=force, mode=mode) as out:
        out.write(data)
    return out.path

