"""Process hardening: no core dumps, no crash output with data in it.

Safe defaults, documented beside the code (as KeePassXC does):

* **No core dumps.** A core dump is a copy of the process memory on disk:
  decrypted pages of the store, the store key while it is being handed to
  SQLCipher, whatever the worker typed. ``RLIMIT_CORE`` is set to 0 (soft and
  hard, so a child cannot raise it again), and on Linux the process is marked
  not dumpable (``prctl(PR_SET_DUMPABLE, 0)``), which also keeps other
  processes of the same user from attaching a debugger (``ptrace``) or reading
  ``/proc/<pid>/mem``.
* **No traceback with data.** Python's default ``sys.excepthook`` prints the
  exception message and the source lines, and an exception message can hold a
  name or a typed text (a ``ValueError`` quoting its input, an SQL error
  quoting a value). The replacement writes one line to stderr: the exception
  type and the innermost code location inside the app (file and line), never
  the message, never local values. It returns nothing identifying.

``harden_process()`` is called once at start-up, before a store is opened.
It never fails: a protection the platform does not offer is skipped and
reported in the returned ``Hardening``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
_APP_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Hardening:
    core_dumps_off: bool
    not_dumpable: bool
    quiet_crashes: bool


def disable_core_dumps() -> bool:
    """Soft and hard core-size limit 0; False where the platform has no rlimits."""
    try:
        import resource
    except ImportError:  # Windows: no core files; Windows Error Reporting is separate
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _libc():
    name = ctypes.util.find_library("c") or "libc.so.6"
    return ctypes.CDLL(name, use_errno=True)


def set_not_dumpable() -> bool:
    """Linux only: ``prctl(PR_SET_DUMPABLE, 0)``; False elsewhere or when refused."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            return False
        return libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _location(tb: TracebackType | None) -> str:
    """The innermost frame inside the app as ``app/x/y.py:123``, else the innermost."""
    inside, last = None, None
    while tb is not None:
        code = tb.tb_frame.f_code
        where = (code.co_filename, tb.tb_lineno)
        last = where
        try:
            if Path(code.co_filename).resolve().is_relative_to(_APP_ROOT):
                inside = where
        except (OSError, ValueError):
            pass
        tb = tb.tb_next
    chosen = inside or last
    if chosen is None:
        return "?"
    filename, line = chosen
    try:
        shown = Path(filename).resolve().relative_to(_APP_ROOT.parent).as_posix()
    except (OSError, ValueError):
        shown = Path(filename).name  # outside the app: the file name only, no user path
    return f"{shown}:{line}"


def crash_line(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The one line written for an uncaught exception: type and place, no message."""
    name = getattr(exc_type, "__qualname__", "Exception")
    module = getattr(exc_type, "__module__", "")
    if module and module != "builtins":
        name = f"{module}.{name}"
    return f"veiligwijzer: interne fout {name} bij {_location(tb)}"


def _write(line: str) -> None:
    stream = sys.__stderr__ or sys.stderr
    if stream is None:  # a GUI start on Windows has no stderr at all
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def quiet_excepthook(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
    """``sys.excepthook`` that writes no message, no values and no source lines."""
    if issubclass(exc_type, KeyboardInterrupt):
        _write("veiligwijzer: afgebroken")
        return
    _write(crash_line(exc_type, tb))


def quiet_thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    _write(crash_line(args.exc_type, args.exc_traceback))


def install_quiet_excepthooks() -> bool:
    sys.excepthook = quiet_excepthook
    threading.excepthook = quiet_thread_excepthook
    # An exception inside __del__ or a Qt callback goes to unraisablehook.
    sys.unraisablehook = lambda u: _write(crash_line(u.exc_type, u.exc_traceback))
    return True


def harden_process() -> Hardening:
    """Call once at start-up, before a store is opened. Also sets a private
    umask, so that every file the process creates (temporary files included)
    is readable by this user only."""
    os.umask(0o077)
    return Hardening(
        core_dumps_off=disable_core_dumps(),
        not_dumpable=set_not_dumpable(),
        quiet_crashes=install_quiet_excepthooks(),
    )
