"""One store: an encrypted SQLCipher file plus its key file (see ``keys``).

``Store.create`` makes a new one, ``Store.open`` unlocks an existing one. The
store key lives only as long as it takes to hand it to SQLCipher; closing the
store drops SQLCipher's copy of it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.cases.model import new_id, utc_now
from app.i18n import N_, _
from app.store import device, keys
from app.store.audit import AuditAction, AuditLog, ChainHead, ChainReport, derive_key
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
from app.store.errors import (
    KeyFileProblem,
    NotEncrypted,
    StoreDamaged,
    StoreExists,
    StoreNotFound,
    WrongPassphrase,
)
from app.store.keychange import settle
from app.store.repositories import CaseRepository
from app.store.search import write_pending


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
    def __init__(self, path: Path, conn: Connection, audit_key: bytes) -> None:
        """``audit_key``: the audit chain's mac key, derived from the store key
        (``audit.derive_key``); it is the only key material the store keeps."""
        self.path = path
        self._conn: Connection | None = conn
        # Set once the store is known to belong to its key file: only then is
        # the audit chain's head written there at close.
        self._keeps_head = False
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self.store_id = meta["store_id"]
        self.kind = StoreKind(meta["kind"])
        self.device_id = meta["device_id"]
        # One worker per store for now: the author of every record made here.
        self.worker_id = meta["worker_id"]
        self.cases = CaseRepository(conn)
        self.audit = AuditLog(conn, actor=self.worker_id, device=self.device_id, key=audit_key)

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
        finally:
            _zero(store_key)
        store = cls(path, conn, audit_key)
        with store.transaction():
            store.audit.append(AuditAction.CREATE_STORE, "store", store_id, kind=str(kind))
        store._keeps_head = True
        return store

    @classmethod
    def open(cls, path: Path, passphrase: str, slot: str = keys.PASSPHRASE_SLOT) -> Store:
        """Unlock a store; ``WrongPassphrase`` when ``passphrase`` does not fit."""
        path = Path(path)
        if not path.exists():
            raise StoreNotFound(path)
        if is_plain_sqlite(path):
            raise NotEncrypted(path)
        key_path = keys.key_file_path(path)
        key_file = keys.read_key_file(key_path)
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
        finally:
            _zero(store_key)
        try:
            migrate(conn)
            device.ensure_device_key(conn)  # a store from before package signing
            store = cls(path, conn, audit_key)
        except DatabaseError as exc:
            conn.close()
            raise StoreDamaged(_("De kluis is beschadigd en kan niet worden gelezen.")) from exc
        except BaseException:
            conn.close()
            raise
        if store.store_id != key_file.store_id:
            store.close()
            raise KeyFileProblem(_("Het sleutelbestand hoort niet bij deze kluis."))
        try:
            settle(store, key_file, via_pending, slot)
            with store.transaction():
                store.audit.ensure_keyed()
        except DatabaseError as exc:
            store.close()
            raise StoreDamaged(_("De kluis is beschadigd en kan niet worden gelezen.")) from exc
        except BaseException:
            store.close()
            raise
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

    def close(self) -> None:
        if self._conn is not None:
            # Fold the write-ahead log back so that one file holds everything.
            try:
                if self._keeps_head:
                    self._keep_head()
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self._conn.close()
                self._conn = None

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

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; the search index follows its changes at the end."""
        with transaction(self.conn) as conn:
            yield conn
            write_pending(conn)

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
