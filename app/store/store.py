"""One store: an encrypted SQLCipher file plus its key file (see ``keys``).

``Store.create`` makes a new one, ``Store.open`` unlocks an existing one.

One connection per thread: a store's connection belongs to the thread that
opened it (SQLite checks that). Background work (an export, a backup, a
search) gets a connection of its own from ``Store.for_thread``, so the store
keeps a copy of the store key while it is open; SQLCipher holds the key in
memory for as long anyway. A task's connection is used by one task at a
time and then kept, warm, for the next task (``IDLE_TASK_CONNECTIONS``).
Closing closes those, wipes the copy and drops SQLCipher's.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.cases.model import new_id, utc_now
from app.i18n import N_, _, ngettext
from app.store import device, keys
from app.store.audit import AuditAction, AuditLog, ChainHead, ChainReport, derive_key
from app.store.cases import CaseRepository
from app.store.caseteam import CaseTeamRepository
from app.store.consultations import ConsultationRepository
from app.store.database import (
    Connection,
    DatabaseError,
    check_integrity,
    connect,
    is_plain_sqlite,
    migrate,
    schema_version,
    transaction,
)
from app.store.disk import check_writable, disk_error, store_error
from app.store.errors import (
    KeyFileProblem,
    NotEncrypted,
    StoreEmpty,
    StoreError,
    StoreExists,
    StoreNotFound,
    TaskStopped,
    WrongPassphrase,
)
from app.store.handover import HandoverRepository
from app.store.keychange import settle
from app.store.oplog import OpLog
from app.store.overview import OverviewRepository
from app.store.records import RecordRepository
from app.store.retention import RetentionRepository
from app.store.safety import SafetyRepository
from app.store.search import RowMap, SearchRepository, write_pending
from app.store.team import TeamRepository

#: In ``meta`` once the store keeps its changes as operations (issue 19).
LOG_META = "oplog_since"
_SHOWN_DIFFERENCES = 10
#: Task connections kept open between tasks. Opening one costs the schema and
#: a cold page cache: a search on a new connection took twice as long as on a
#: used one (p50 18 against 9 ms on 30,000 cases). Two, because a newer
#: search starts while the one it stops still ends, and the list may be read
#: meanwhile; each holds up to its page cache (``CONNECTION_PRAGMAS``).
IDLE_TASK_CONNECTIONS = 2


class StoreKind(StrEnum):
    """A store is real, a demo to look around in, or a training store; the
    kind is fixed at creation and shown on every window, never mixed."""

    REAL = "real"
    DEMO = "demo"
    TRAINING = "training"

    @property
    def label(self) -> str:
        return _({StoreKind.REAL: N_("Echte gegevens"), StoreKind.DEMO: N_("Demo"),
                  StoreKind.TRAINING: N_("Oefenomgeving")}[self])

    @property
    def watermark(self) -> str:
        """Printed on every page exported from a demo or training store."""
        if self is StoreKind.DEMO:
            return _("DEMO — verzonnen gegevens")
        if self is StoreKind.TRAINING:
            return _("OEFENING — geen echte gegevens")
        return ""


def _zero(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def _remove_store_files(path: Path) -> None:
    for candidate in (path, keys.key_file_path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            candidate.unlink()


@dataclass(frozen=True)
class VerifyReport:
    schema_version: int
    kind: StoreKind
    cases: int
    audit_entries: int
    audit_first_broken: int | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and self.audit_first_broken is None


class Store:
    def __init__(self, path: Path, conn: Connection, audit_key: bytes,
                 key: bytearray | None = None, search_rows: RowMap | None = None) -> None:
        """``audit_key``: the audit chain's mac key, derived from the store key
        (``audit.derive_key``). ``key``: the raw store key, kept while the store
        is open so that ``for_thread`` can open a task's own connection; None
        on a task's own store. Both go at close. ``search_rows``: the search's
        map of index rows, shared with the store a task's store is of."""
        self.path = path
        self._conn: Connection | None = conn
        # Set once the store is known to belong to its key file: only then is
        # the audit chain's head written there at close.
        self._keeps_head = False
        # A copy of our own, wiped at close (a lock drops key material).
        self._audit_key: bytearray | None = bytearray(audit_key)
        self._key = key
        self._key_lock = threading.Lock()
        #: Set when the task that uses this store is to stop (see ``for_thread``).
        self._cancel: threading.Event | None = None
        #: Task connections between tasks (``for_thread``), guarded by ``_key_lock``.
        self._idle: list[Connection] = []
        self._search_rows = search_rows if search_rows is not None else RowMap()
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self.store_id = meta["store_id"]
        self.kind = StoreKind(meta["kind"])
        self.device_id = meta["device_id"]
        # One worker per store for now: the author of every record made here.
        self.worker_id = meta["worker_id"]
        # One repository per concept, the only way services reach the tables;
        # each runs in the caller's ``transaction()``.
        self.cases = CaseRepository(conn)
        self.records = RecordRepository(conn)
        self.safety = SafetyRepository(conn)
        self.handover = HandoverRepository(conn)
        self.retention = RetentionRepository(conn)
        self.overview = OverviewRepository(conn)
        self.caseteam = CaseTeamRepository(conn)
        self.consultations = ConsultationRepository(conn)
        self.search = SearchRepository(conn, self._search_rows)
        #: The team this store is in, if any, and its keys (issue 20).
        self.team = TeamRepository(conn, self.device_id)
        self.audit = AuditLog(conn, actor=self.worker_id, device=self.device_id,
                              key=self._audit_key)
        #: The one write path: every change is a signed operation (issue 19).
        self.ops = OpLog(conn, self.worker_id, self.device_id)
        self._log_ready = meta.get(LOG_META) is not None
        if self._log_ready:
            self._start_log()

    def _start_log(self) -> None:
        self.ops.use_key(device.device_key(self.conn))
        self.audit.oplog = self.ops
        self.conn.oplog = self.ops

    def _ensure_log(self) -> None:
        """A store from before the log becomes one: its current state as
        operations, once (like the device key, this needs Python: signing)."""
        if self._log_ready:
            return
        with self.transaction():
            self.ops.use_key(device.device_key(self.conn))
            self.ops.add_own_key()
            self.ops.backfill(self.audit.rows())
            self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                              (LOG_META, utc_now().isoformat()))
        self._log_ready = True
        self._start_log()

    # -- opening and closing ------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: str, kind: StoreKind = StoreKind.REAL) -> Store:
        path = Path(path)
        if path.exists() or keys.key_file_path(path).exists():
            raise StoreExists(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        store_id = new_id()
        store_key = keys.new_store_key()
        try:
            key_file = keys.KeyFile(store_id, (keys.wrap(store_key, passphrase, store_id,
                                                         keys.PASSPHRASE_SLOT),))
            try:
                conn = connect(path, store_key)
                os.chmod(path, 0o600)
                migrate(conn)
                with transaction(conn):
                    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [
                        ("store_id", store_id), ("kind", str(kind)), ("device_id", new_id()),
                        ("worker_id", new_id()), ("created_at", utc_now().isoformat()),
                    ])
                    device.add_device_key(conn)
                keys.write_key_file(keys.key_file_path(path), key_file)
            except BaseException:
                _remove_store_files(path)
                raise
            audit_key = derive_key(store_key, store_id)
            store = cls(path, conn, audit_key, key=store_key)
        except BaseException:
            _zero(store_key)
            raise
        store._ensure_log()
        with store.transaction():
            store.audit.append(AuditAction.CREATE_STORE, "store", store_id, kind=str(kind))
        store._keeps_head = True
        return store

    @classmethod
    def open(cls, path: Path, passphrase: str, slot: str = keys.PASSPHRASE_SLOT) -> Store:
        """Unlock a store; ``WrongPassphrase`` when ``passphrase`` does not fit.

        Nothing is written before the files are known to be writable: a
        read-only folder or file, a full disk, an empty file or damage met
        while opening is one clear message, and leaves the files as they were.
        Pages that opening does not read are not checked here (every page
        costs about 3 s on a 150 MB store); ``verify`` checks them all.
        """
        path = Path(path)
        if not path.exists():
            raise StoreNotFound(path)
        key_path = keys.key_file_path(path)
        try:
            if path.stat().st_size == 0:
                # SQLite would take it for a new database and fill it in.
                raise StoreEmpty(path)
            if is_plain_sqlite(path):
                raise NotEncrypted(path)
            key_file = keys.read_key_file(key_path)
            check_writable(path)
        except OSError as exc:
            raise store_error(exc, path) from None
        store_key, via_pending = keys.unwrap_for_open(key_file, passphrase, slot)
        try:
            if not via_pending:
                key_file = keys.upgrade_slot(key_path, key_file, store_key, passphrase, slot)
            audit_key = derive_key(store_key, key_file.store_id)
            try:
                conn = connect(path, store_key)
            except WrongPassphrase:
                # The key file opened, so the key is right for the key file but
                # not for this data file: the two do not belong together.
                raise KeyFileProblem(_(
                    "Het sleutelbestand hoort niet bij deze kluis, of de kluis is "
                    "beschadigd.")) from None
            except (DatabaseError, OSError) as exc:
                raise store_error(exc, path) from None
        except BaseException:
            _zero(store_key)
            raise
        try:
            migrate(conn)
            device.ensure_device_key(conn)  # a store from before package signing
            store = cls(path, conn, audit_key, key=store_key)
        except BaseException as exc:
            conn.close()
            _zero(store_key)
            if isinstance(exc, StoreError) or not isinstance(
                    exc, (DatabaseError, OSError, KeyError, ValueError)):
                raise
            # KeyError, ValueError: the meta table lacks a value or holds a wrong one.
            raise store_error(exc, path) from None
        if store.store_id != key_file.store_id:
            store.close()
            raise KeyFileProblem(_("Het sleutelbestand hoort niet bij deze kluis."))
        try:
            store._ensure_log()
            settle(store, key_file, via_pending, slot)
            with store.transaction():
                store.audit.ensure_keyed()
                # Every list in this process is read anew after an unlock.
                store.cases.forget_list_changes()
        except DatabaseError as exc:
            store.close()
            raise store_error(exc, path) from None
        except BaseException:
            store.close()
            raise
        store._keeps_head = True
        return store

    def hand_over(self) -> tuple[bytearray, str]:
        """(store key, store id) for ``resume`` on another thread; this
        store's own connection closes here, on the thread that opened it.

        Unlocking opens a store on a worker (the key derivation takes half a
        second) and the UI thread takes it over with a connection of its own.
        The key is not wiped here: it goes to the store that resumes, which
        wipes it at its close; the caller wipes it if no store resumes. The
        audit head and the log's fold-back are left to that store's close."""
        with self._key_lock:
            key, self._key = self._key, None
        if key is None or self._conn is None:
            raise TaskStopped()
        self.ops.use_key(None)
        self._conn.close()
        self._conn = None
        self._drop_audit_key()
        return key, self.store_id

    @classmethod
    def resume(cls, path: Path, key: bytearray, store_id: str) -> Store:
        """The store ``hand_over`` gave up, on a connection of the calling
        thread; it owns ``key`` from here on (wiped at its close, or here
        when the store cannot open)."""
        try:
            audit_key = derive_key(key, store_id)
            try:
                conn = connect(path, key)
            except (DatabaseError, OSError) as exc:
                raise store_error(exc, path) from None
            try:
                store = cls(path, conn, audit_key, key=key)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            _zero(key)
            raise
        if store.store_id != store_id:  # the file was swapped since the worker opened it
            store.close()
            raise KeyFileProblem(_("Het sleutelbestand hoort niet bij deze kluis."))
        store._keeps_head = True
        return store

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("the store is closed")
        return self._conn

    def signing_key(self) -> device.SigningKey:
        """This device's key for signing exports (``app.store.device``)."""
        return device.device_key(self.conn)

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @contextmanager
    def for_thread(self, cancel: threading.Event | None = None) -> Iterator[Store]:
        """This store on a connection of its own, for one task in the calling
        thread; when the block ends the connection is kept for a later task
        (warm: its schema read and its page cache filled) or closed.

        Once ``cancel`` is set, the task's next statement or transaction stops
        with ``TaskStopped`` (a running statement within about a thousand of
        SQLite's steps), so that locking need not wait for a long read.
        """
        with self._key_lock:
            if self._key is None or self._conn is None or self._audit_key is None:
                raise TaskStopped()
            audit_key = bytes(self._audit_key)
            conn = self._idle.pop() if self._idle else None
            if conn is None:
                try:
                    # Kept for later tasks on other threads, one task at a time.
                    conn = connect(self.path, self._key, check_same_thread=False)
                except (DatabaseError, OSError) as exc:
                    raise store_error(exc, self.path) from None
        try:
            store = Store(self.path, conn, audit_key, search_rows=self._search_rows)
        except BaseException:
            conn.close()
            raise
        store._cancel = cancel
        if cancel is not None:
            conn.set_progress_handler(lambda: 1 if cancel.is_set() else 0, 1000)
        finished = False
        try:
            yield store
            finished = True
        finally:
            store._conn = None
            # A task that failed otherwise than by being stopped may have met a
            # damaged page or a full disk: its connection is not kept.
            self._keep_idle(conn, finished or (cancel is not None and cancel.is_set()))

    def _keep_idle(self, conn: Connection, reusable: bool) -> None:
        """A task's connection back: kept for the next task, as it was before
        the task (no transaction, no stop handler), or closed."""
        try:
            conn.set_progress_handler(None, 0)
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except DatabaseError:
            reusable = False
        with self._key_lock:
            if reusable and self._conn is not None and len(self._idle) < IDLE_TASK_CONNECTIONS:
                self._idle.append(conn)
                return
        # the store's own close folds the log back; a task's connection leaves it
        conn.close()

    def raise_if_stopped(self) -> None:
        """For long work between statements (the backup copies page by page)."""
        if self._cancel is not None and self._cancel.is_set():
            raise TaskStopped()

    def close(self) -> None:
        if self._conn is not None:
            self.ops.use_key(None)
        with self._key_lock:
            if self._key is not None:
                _zero(self._key)
                self._key = None
            idle, self._idle = self._idle, []
        for conn in idle:  # SQLCipher drops their copies of the key
            conn.close()
        self._search_rows.clear()
        if self._conn is not None:
            # Fold the write-ahead log back so that one file holds everything.
            # On a full or read-only disk that can fail; what was committed is
            # safe in the log and folded back at the next open, and the store
            # must close (lock) all the same.
            try:
                if self._keeps_head:
                    self._keep_head()
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except DatabaseError:
                pass
            finally:
                self._conn.close()
                self._conn = None
        self._drop_audit_key()

    def _drop_audit_key(self) -> None:
        with self._key_lock:
            if self._audit_key is not None:
                _zero(self._audit_key)
                self._audit_key = None

    def _keep_head(self) -> None:
        """Write the audit chain's head into the key file, only forward: a
        chain that does not extend the kept head never replaces it."""
        key_path = keys.key_file_path(self.path)
        try:
            key_file = keys.read_key_file(key_path)
            head = self.audit.head()
            if key_file.store_id != self.store_id or head is None or head == key_file.head \
                    or not self.audit.extends(key_file.head):
                return
            keys.write_key_file(key_path, key_file.with_head(head))
        except (OSError, KeyFileProblem, DatabaseError):
            pass  # the head stays where it was; verify compares with that one

    def kept_head(self) -> ChainHead | None:
        """The audit chain's head as the key file keeps it."""
        return keys.read_key_file(keys.key_file_path(self.path)).head

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def has_own_work(self) -> bool:
        """Whether anything but the kluis's own audit trail was written here."""
        return self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM operations WHERE entity != 'audit_log')"
        ).fetchone()[0] == 1

    def become_worker(self, worker_id: str) -> None:
        """This kluis becomes another laptop of an existing worker (a
        replacement laptop joining the team): what is made here from now on
        is that worker's. Only for a kluis with no work of its own yet; its
        audit trail keeps who made the kluis."""
        if self.has_own_work():
            raise ValueError("this kluis already holds work of its own")
        with self.transaction():
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'worker_id'", (worker_id,))
        self.worker_id = worker_id
        self.audit.actor = worker_id
        self.ops.author = worker_id
        self.ops.forget_writer()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; the search index follows its changes at the end.

        A full or read-only disk, or damage met on the way, comes out as its
        own ``StoreError``; a change refused by the schema stays as SQLite
        raised it."""
        self.raise_if_stopped()
        try:
            with transaction(self.conn) as conn:
                yield conn
                write_pending(conn)
        except DatabaseError as exc:
            self.raise_if_stopped()
            mapped = disk_error(exc, self.path)
            if mapped is None:
                raise
            raise mapped from exc

    # -- checks ----------------------------------------------------------------

    def verify(self, heads: tuple[tuple[str, ChainHead | None], ...] = ()) -> VerifyReport:
        """Integrity, schema and the audit chain, compared with the head kept in
        the key file and with ``heads`` from elsewhere (label, head), such as a
        backup's."""
        problems = check_integrity(self.conn)
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version != schema_version():
            problems.append(_("Schemaversie {found}, verwacht {want}").format(
                found=version, want=schema_version()))
        chain: ChainReport = self.audit.verify()
        if not chain.intact:
            # Name the first broken link: its number, time and action (codes only).
            link = self.conn.execute("SELECT at, action FROM audit_log WHERE seq = ?",
                                     (chain.first_broken_seq,)).fetchone() or ("?", "?")
            problems.append(_(
                "Auditlog: de keten is verbroken bij regel {seq} ({at}, {action}); vanaf die "
                "regel is het auditlog niet te vertrouwen").format(
                seq=chain.first_broken_seq, at=link[0], action=link[1]))
        if self._log_ready:
            differences = self.ops.differences()
            for where in differences[:_SHOWN_DIFFERENCES]:
                problems.append(_("De tabellen wijken af van het log van wijzigingen: {where}")
                                .format(where=where))
            if len(differences) > _SHOWN_DIFFERENCES:
                more = len(differences) - _SHOWN_DIFFERENCES
                problems.append(ngettext(
                    "En nog {n} plaats waar de tabellen afwijken van het log.",
                    "En nog {n} plaatsen waar de tabellen afwijken van het log.", more
                ).format(n=more))
        try:
            kept = self.kept_head()
        except KeyFileProblem as exc:
            problems.append(exc.message)
            kept = None
        for label, head in ((_("het sleutelbestand"), kept), *heads):
            problem = self._compare_head(chain, label, head)
            if problem:
                problems.append(problem)
        return VerifyReport(version, self.kind, self.cases.count(), chain.entries,
                            chain.first_broken_seq, tuple(problems))

    def _compare_head(self, chain: ChainReport, label: str, head: ChainHead | None) -> str | None:
        if head is None or self.audit.extends(head):
            return None
        # Numbers are never reused: no entry at the kept number means entries
        # were removed from the end (whatever was added after).
        gone = self.conn.execute("SELECT 1 FROM audit_log WHERE seq = ?",
                                 (head.seq,)).fetchone() is None
        if gone:
            last = chain.head.seq if chain.head else 0
            return _("Auditlog ingekort: volgens {where} loopt het auditlog tot regel {kept}, "
                     "maar die regel en regels ervoor zijn verwijderd (het laatste regelnummer "
                     "is nu {last}).").format(where=label, kept=head.seq, last=last)
        return _("Auditlog vervangen: regel {kept} is niet meer dezelfde als volgens {where}. "
                 "Het auditlog is tot daar herschreven.").format(where=label, kept=head.seq)
