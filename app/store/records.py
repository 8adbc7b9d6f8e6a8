"""The meldcode records of a case and the drafts (concepten): the only SQL
for the ``records`` and ``drafts`` tables.

A record is stored as versions: version 1 is the original, each later
version a correction with a reason. The schema refuses UPDATE and DELETE on
``records`` (erasing the whole case still removes them). Payloads are the
domain dataclasses as JSON (``app.store.codec``). Callers own the
transaction (see ``Store.transaction``), except ``save_draft``, which is one
statement and commits on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

import sqlcipher3

from app.i18n import _
from app.meldcode.afwegingskader import Weighing
from app.meldcode.kindcheck import KindcheckRun
from app.meldcode.records import (
    AcutePath,
    Consultation,
    Conversation,
    Decision,
    RiskProfile,
)
from app.meldcode.signals import Signal
from app.store.codec import PayloadDamaged, decode_values, encode_values, from_json, to_json
from app.store.database import Connection
from app.store.errors import StoreError
from app.store.oplog import log_of

R = TypeVar("R")


class RecordKind(StrEnum):
    """The kinds of meldcode record; the stored code of each."""

    SIGNAL = "signal"
    RISK_PROFILE = "risk_profile"
    KINDCHECK_RUN = "kindcheck_run"
    CONSULTATION = "consultation"
    CONVERSATION = "conversation"
    WEIGHING = "weighing"
    DECISION = "decision"
    ACUTE_PATH = "acute_path"

    @property
    def record_type(self) -> type:
        return RECORD_TYPES[self]

    @classmethod
    def of(cls, record: object) -> RecordKind:
        """The kind of a domain record; ``TypeError`` for anything else."""
        for kind, record_type in RECORD_TYPES.items():
            if type(record) is record_type:
                return kind
        raise TypeError(f"not a meldcode record: {type(record).__name__}")


RECORD_TYPES: dict[RecordKind, type] = {
    RecordKind.SIGNAL: Signal,
    RecordKind.RISK_PROFILE: RiskProfile,
    RecordKind.KINDCHECK_RUN: KindcheckRun,
    RecordKind.CONSULTATION: Consultation,
    RecordKind.CONVERSATION: Conversation,
    RecordKind.WEIGHING: Weighing,
    RecordKind.DECISION: Decision,
    RecordKind.ACUTE_PATH: AcutePath,
}


class UnknownCase(StoreError):
    """A record or draft names a case that is not (or no longer) in the store."""

    def __init__(self) -> None:
        super().__init__(_("Deze casus staat niet (meer) in de kluis."))


@dataclass(frozen=True)
class StoredVersion(Generic[R]):
    """One stored version of a record, with who recorded it and when.
    ``reason`` is empty for version 1 and says why for every correction."""

    version: int
    record: R
    reason: str
    created_at: datetime
    author: str


@dataclass(frozen=True)
class RecordHistory:
    """Every version of one record, oldest first, with its case and kind."""

    case_id: str
    kind: RecordKind
    versions: tuple[StoredVersion, ...]

    @property
    def current(self) -> StoredVersion:
        return self.versions[-1]


@dataclass(frozen=True)
class Draft:
    """Concept: the values of a form as typed so far. ``case_id`` is ``None``
    for a quick capture started outside a case; ``kind`` names the form."""

    id: str
    case_id: str | None
    kind: str
    values: dict[str, Any]
    created_at: datetime
    updated_at: datetime


_COLUMNS = "r.id, r.version, r.case_id, r.kind, r.payload, r.reason, r.created_at, r.author"


def _version(row: tuple) -> tuple[str, str, RecordKind, StoredVersion]:
    """(record id, case id, kind, version) from one row of ``_COLUMNS``."""
    record_id, number, case_id, kind_code, payload, reason, created_at, author = row
    try:
        kind = RecordKind(kind_code)
        created = datetime.fromisoformat(created_at)
    except ValueError:
        raise PayloadDamaged("records: unknown kind or time") from None
    record = from_json(kind.record_type, payload)
    if record.id != record_id:
        raise PayloadDamaged("records: payload id differs from row id")
    return record_id, case_id, kind, StoredVersion(number, record, reason or "", created, author)


class RecordRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- records ------------------------------------------------------------

    def append(self, case_id: str, record: object, *, version: int = 1,
               reason: str | None = None, created_at: datetime, author: str,
               device: str) -> None:
        """Store ``record`` as ``version`` of the record with its id.

        The schema checks that a correction follows the previous version of
        the same record and carries a reason.
        """
        kind = RecordKind.of(record)
        record_id: str = record.id  # type: ignore[attr-defined]  # every record type has one
        before = self._conn.execute("SELECT count(*), max(case_id <> ? OR kind <> ?)"
                                    " FROM records WHERE id = ?",
                                    (case_id, str(kind), record_id)).fetchone()
        if version != before[0] + 1 or before[1]:
            raise sqlcipher3.IntegrityError(
                "a record version follows the previous version of the same record")
        try:
            log_of(self._conn).append("records", {
                "id": record_id, "case_id": case_id, "kind": str(kind),
                "payload": to_json(record), "reason": reason if version > 1 else None,
                "created_at": created_at.isoformat(), "author": author, "device": device})
        except sqlcipher3.IntegrityError as exc:
            if "FOREIGN KEY" in str(exc):
                raise UnknownCase() from None
            raise

    def exists(self, record_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM records WHERE id = ? LIMIT 1", (record_id,)).fetchone() is not None

    def current(self, case_id: str) -> dict[RecordKind, list[StoredVersion]]:
        """The current (latest) version of every record of a case, per kind,
        in the order the records were first recorded."""
        latest: dict[str, tuple] = {}
        for row in _in_recorded_order(self._conn.execute(
                f"SELECT r.rowid, {_COLUMNS} FROM records r WHERE r.case_id = ?", (case_id,))):
            latest[row[0]] = row  # versions come oldest first; the first record keeps its place
        found: dict[RecordKind, list[StoredVersion]] = {kind: [] for kind in RecordKind}
        for row in latest.values():
            _id, _case, kind, version = _version(row)
            found[kind].append(version)
        return found

    def histories(self, case_id: str, kind: RecordKind) -> list[RecordHistory]:
        """Every version of every record of one kind in a case; records in
        the order they were first recorded, versions oldest first."""
        return _group(_in_recorded_order(self._conn.execute(
            f"SELECT r.rowid, {_COLUMNS} FROM records r WHERE r.case_id = ? AND r.kind = ?",
            (case_id, str(kind)))))

    def all_histories(self, case_id: str) -> list[RecordHistory]:
        """Every version of every record of a case, in one read: records in
        the order they were first recorded, versions oldest first. Each
        version is decoded once (opening a case of 200 signals decoded each
        signal twice through ``current`` and ``histories``)."""
        return _group(_in_recorded_order(self._conn.execute(
            f"SELECT r.rowid, {_COLUMNS} FROM records r WHERE r.case_id = ?", (case_id,))))

    def history(self, record_id: str) -> RecordHistory | None:
        """Every version of one record, oldest first; ``None`` when unknown."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM records r WHERE r.id = ? ORDER BY r.version",
            (record_id,),
        ).fetchall()
        found = _group(rows)
        return found[0] if found else None

    # -- drafts ---------------------------------------------------------------

    def save_draft(self, draft_id: str, case_id: str | None, kind: str,
                   values: dict[str, Any], *, now: datetime, author: str,
                   device: str) -> None:
        """Insert or replace a draft in one statement (called on every pause
        in typing, so it stays small and commits on its own)."""
        at = now.isoformat()
        try:
            self._conn.execute(
                "INSERT INTO drafts (id, case_id, kind, payload, created_at, updated_at, author,"
                " device) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                " case_id = excluded.case_id, kind = excluded.kind, payload = excluded.payload,"
                " updated_at = excluded.updated_at, author = excluded.author,"
                " device = excluded.device",
                (draft_id, case_id, kind, encode_values(values), at, at, author, device),
            )
        except sqlcipher3.IntegrityError as exc:
            if "FOREIGN KEY" in str(exc):
                raise UnknownCase() from None
            raise

    def draft(self, draft_id: str) -> Draft | None:
        rows = self._conn.execute(
            "SELECT id, case_id, kind, payload, created_at, updated_at FROM drafts WHERE id = ?",
            (draft_id,),
        ).fetchall()
        return _draft(rows[0]) if rows else None

    def drafts(self, case_id: str | None = None) -> list[Draft]:
        """The drafts of one case, or every draft when ``case_id`` is ``None``;
        most recently changed first."""
        sql = "SELECT id, case_id, kind, payload, created_at, updated_at FROM drafts"
        args: tuple = ()
        if case_id is not None:
            sql, args = sql + " WHERE case_id = ?", (case_id,)
        rows = self._conn.execute(sql + " ORDER BY updated_at DESC, id", args).fetchall()
        return [_draft(row) for row in rows]

    def delete_draft(self, draft_id: str) -> bool:
        """Remove a draft; ``False`` when there was none."""
        cur = self._conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return cur.rowcount > 0


def _in_recorded_order(rows: Iterable[tuple]) -> list[tuple]:
    """Rows of ``rowid, _COLUMNS`` as ``_COLUMNS``: records in the order they
    were first recorded, versions oldest first. Sorted here rather than in
    SQL: an ORDER BY over a subquery makes SQLite build temporary sorters,
    and with ``cipher_memory_security`` every allocation is costly."""
    rows = list(rows)
    first: dict[str, int] = {}
    for rowid, record_id, *_rest in rows:
        first[record_id] = min(rowid, first.get(record_id, rowid))
    rows.sort(key=lambda row: (first[row[1]], row[2]))
    return [row[1:] for row in rows]


def _group(rows: Iterable[tuple]) -> list[RecordHistory]:
    grouped: dict[str, tuple[str, RecordKind, list[StoredVersion]]] = {}
    for row in rows:
        record_id, case_id, kind, version = _version(row)
        grouped.setdefault(record_id, (case_id, kind, []))[2].append(version)
    return [RecordHistory(case_id, kind, tuple(versions))
            for case_id, kind, versions in grouped.values()]


def _draft(row: tuple) -> Draft:
    draft_id, case_id, kind, payload, created_at, updated_at = row
    try:
        created, updated = datetime.fromisoformat(created_at), datetime.fromisoformat(updated_at)
    except ValueError:
        raise PayloadDamaged("drafts: unreadable time") from None
    return Draft(draft_id, case_id, kind, decode_values(payload), created, updated)
