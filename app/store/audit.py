"""Append-only audit log with a hash chain (audit trail).

Each entry's hash covers the previous entry's hash and the entry's own fields,
so changing, removing or reordering any entry breaks the chain from there on.
Triggers in the schema refuse UPDATE and DELETE on the table; the chain also
catches an edit made behind the app's back (with the key, outside the app).
Entries hold ids and codes, never names or free text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.cases.model import new_id, utc_now
from app.store.database import Connection

GENESIS = "0" * 64


class AuditAction(StrEnum):
    CREATE_STORE = "create_store"
    UNLOCK = "unlock"
    FAILED_UNLOCK = "failed_unlock"
    LOCK = "lock"
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    EXPORT = "export"
    BACKUP = "backup"
    RESTORE = "restore"
    ERASE = "erase"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    id: str
    at: datetime
    actor: str
    device: str
    action: str
    object_type: str | None
    object_id: str | None
    detail: dict
    prev_hash: str
    hash: str


def entry_hash(prev_hash: str, id: str, at: str, actor: str, device: str, action: str,
               object_type: str | None, object_id: str | None, detail_json: str) -> str:
    canonical = json.dumps(
        [prev_hash, id, at, actor, device, action, object_type, object_id, detail_json],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_seq: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_seq is None


class AuditLog:
    def __init__(self, conn: Connection, actor: str, device: str) -> None:
        self._conn = conn
        self.actor = actor
        self.device = device

    def append(self, action: AuditAction, object_type: str | None = None,
               object_id: str | None = None, **detail: str | int | bool | None) -> str:
        """Add one entry; call inside the transaction of the change it records."""
        row = self._conn.execute(
            "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS
        entry_id, at = new_id(), utc_now().isoformat()
        detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False)
        digest = entry_hash(prev, entry_id, at, self.actor, self.device, str(action),
                            object_type, object_id, detail_json)
        self._conn.execute(
            "INSERT INTO audit_log (id, at, actor, device, action, object_type, object_id,"
            " detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (entry_id, at, self.actor, self.device, str(action), object_type, object_id,
             detail_json, prev, digest),
        )
        return entry_id

    def entries(self, object_id: str | None = None) -> list[AuditEntry]:
        sql = ("SELECT seq, id, at, actor, device, action, object_type, object_id, detail,"
               " prev_hash, hash FROM audit_log")
        args: tuple = ()
        if object_id is not None:
            sql, args = sql + " WHERE object_id = ?", (object_id,)
        return [
            AuditEntry(r[0], r[1], datetime.fromisoformat(r[2]), r[3], r[4], r[5], r[6], r[7],
                       json.loads(r[8]), r[9], r[10])
            for r in self._conn.execute(sql + " ORDER BY seq", args)
        ]

    def verify(self) -> ChainReport:
        """Walk the chain in order; report the first entry whose link is broken."""
        prev, count = GENESIS, 0
        for row in self._conn.execute(
            "SELECT seq, id, at, actor, device, action, object_type, object_id, detail,"
            " prev_hash, hash FROM audit_log ORDER BY seq"
        ):
            count += 1
            seq, stored_prev, stored_hash = row[0], row[9], row[10]
            if stored_prev != prev or entry_hash(prev, *row[1:9]) != stored_hash:
                return ChainReport(count, seq)
            prev = stored_hash
        return ChainReport(count, None)
