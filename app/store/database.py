"""The SQLCipher connection: opening in the safe order, and migrations.

Order (SQLCipher 4): silence SQLCipher's own logging (a wrong key would print
HMAC errors to stderr), give the key as the first real statement, then read
``sqlite_master`` — a wrong key only fails there. Then the connection
settings that keep sensitive data out of temp files and free pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import sqlcipher3

from app.i18n import _
from app.store import fold
from app.store.errors import NewerSchema, NotEncrypted, StoreDamaged, WrongPassphrase

SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_NOTADB = 26
DatabaseError = sqlcipher3.DatabaseError


#: Run on every connection once the key fits (``benchmarks`` runs the same
#: ones, less SQLCipher's own, on its plain SQLite copy).
#:
#: ``cache_size``: SQLCipher decrypts and checks the HMAC of a page each time
#: it is read from the file, so a page cache that holds the working set of a
#: large store (search index, case list) saves most of that work; 64 MiB is
#: an upper bound, filled only as pages are used. Measured on 10,000 cases and
#: 100,000 signals: search p95 72 → 42 ms.
#:
#: ``cipher_memory_security`` (SQLCipher locks and wipes every allocation, so
#: decrypted pages do not linger in freed memory or swap) is not in this list:
#: it is off unless the organisation's policy turns it on (``memory_security``,
#: ``app.config.OrganisationPolicy``). It costs much: every allocation becomes
#: system calls and a wipe; on 10,000 cases and 100,000 signals the
#: SQLCipher/SQLite query mix was 2.6–3.2× as root, 1.4–1.7× as a normal user,
#: 1.2× without it (benchmarks/README.md). SQLCipher itself ships it off since
#: 4.5.0. Once on, it stays on for the whole process.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA cache_size = -65536",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
)

_memory_security: bool | None = None


class Connection(sqlcipher3.Connection):
    """A SQLCipher connection. ``oplog`` is the store's one write path
    (``app.store.oplog.OpLog``), set by the store once it keeps a log: the
    repositories write every change through it."""

    oplog: Any = None


def memory_security() -> bool:
    """Whether connections lock and wipe their memory: the organisation's
    policy, read once per process (it cannot be turned off again anyway)."""
    global _memory_security
    if _memory_security is None:
        from app.config import OrganisationPolicy

        _memory_security = OrganisationPolicy.load().cipher_memory_security
    return _memory_security


def set_memory_security(on: bool) -> None:
    """For the benchmarks and tests, which measure both ways in separate
    processes; the app takes it from the policy file only."""
    global _memory_security
    _memory_security = on


def is_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == SQLITE_HEADER


def connect(path: Path | str, raw_key: bytes | bytearray,
            check_same_thread: bool = True) -> Connection:
    """Open an encrypted database with a raw 256-bit key.

    Raises ``NotEncrypted`` for a plain SQLite file and ``WrongPassphrase``
    when the key does not fit. ``check_same_thread=False`` for a task's
    connection, which ``Store.for_thread`` hands to one thread at a time.
    """
    if str(path) != ":memory:" and Path(path).exists() and is_plain_sqlite(Path(path)):
        raise NotEncrypted(Path(path))
    # One connection per thread (``Store.for_thread``): the driver refuses use
    # from another thread than the one that opened it, unless told otherwise.
    conn = sqlcipher3.connect(str(path), isolation_level=None, factory=Connection,
                              check_same_thread=check_same_thread)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{bytes(raw_key).hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            # Only "not a database" means the key does not fit; a folder that
            # cannot be written or a full disk fails here too, and is not that.
            if getattr(exc, "sqlite_errorcode", SQLITE_NOTADB) & 0xFF != SQLITE_NOTADB:
                raise
            raise WrongPassphrase() from None
        security = "ON" if memory_security() else "OFF"
        for pragma in (f"PRAGMA cipher_memory_security = {security}", *CONNECTION_PRAGMAS):
            conn.execute(pragma).fetchall()
        register_functions(conn)
    except Exception:
        conn.close()
        raise
    return conn


def register_functions(conn) -> None:
    """The SQL functions the schema's triggers call (see migration 0007)."""
    conn.create_function("search_text", 1, fold.indexable, deterministic=True)


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite may have rolled back already (a full disk does that); a
        # second ROLLBACK would hide the reason.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every script, in order; numbers run 1, 2, 3 …"""
    found = []
    for entry in resources.files("app.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort()
    if [n for n, _name, _sql in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migration scripts must be numbered 0001, 0002, … without gaps")
    return found


def schema_version() -> int:
    """The schema version this code writes."""
    return len(migrations())


def _statements(sql: str) -> Iterator[str]:
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise RuntimeError("migration ends in an incomplete statement")


def migrate(conn: Connection) -> int:
    """Bring the schema up to date; each step and its version bump commit together.

    Refuses a store written by a newer version rather than guessing.
    """
    known = migrations()
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > len(known):
        raise NewerSchema(current, len(known))
    for number, _name, sql in known[current:]:
        with transaction(conn):
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
    return len(known)


def check_integrity(conn: Connection) -> list[str]:
    """Problems found by SQLite's and SQLCipher's integrity checks (empty when fine)."""
    problems: list[str] = []
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems += [_("Integriteit: {row}").format(row=r) for r in rows]
        problems += [
            _("Versleuteling: {row}").format(row=r[0])
            for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()
        ]
        problems += [
            _("Verwijzing klopt niet in tabel {table}").format(table=r[0])
            for r in conn.execute("PRAGMA foreign_key_check").fetchall()
        ]
    except DatabaseError as exc:
        raise StoreDamaged(_("De kluis is beschadigd en kan niet worden gelezen.")) from exc
    return problems
