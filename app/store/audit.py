"""Append-only audit log with a keyed hash chain (audit trail).

Each entry carries two links:

* ``hash``: SHA-256 over the previous entry's hash and the entry's own fields
  (the plain chain every store has had since the first version);
* ``mac``: HMAC-SHA256 over the previous entry's mac, the entry's sequence
  number and its ``hash``, keyed with a key derived from the store key (HKDF
  with its own label, see ``derive_key``). Without that key nobody can make
  an entry that passes, and since ``hash`` covers everything before it, the
  mac of one entry vouches for the whole chain up to it.

Sequence numbers are never reused (``AUTOINCREMENT``, migration 0008): an
entry removed at the end leaves a gap, not a number for the next entry.

Removing entries from the *end* of a chain leaves a shorter chain that is
still whole. That is caught by the chain's head (``ChainHead``: the last
sequence number and its mac) kept outside the table: in the key file each
time the store locks or closes, in every backup and in every export
manifest. ``Store.verify`` compares the chain with the kept head; the kept
head only ever moves forward (``extends``).

Triggers refuse UPDATE and DELETE on the table. Entries hold ids and codes,
never names or free text.

Stores from before migration 0008 have entries without a mac. The first
time such a store is opened, one CHANGE entry (``key=audit_chain_keyed``,
with the number of older entries) starts the keyed chain; its mac covers the
plain hash of every older entry, so they stay checked by the plain chain and
anchored by the keyed one. They are not re-MACed: the triggers keep every
entry as it was written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.cases.model import new_id, utc_now
from app.store.database import Connection
from app.store.oplog import AUDIT, OpLog

GENESIS = "0" * 64
_KEY_LABEL = "veiligwijzer-audit:v1:mac"


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


@dataclass(frozen=True)
class ChainHead:
    """The last entry of a chain: its sequence number and its mac."""

    seq: int
    mac: str

    def to_json(self) -> dict:
        return {"seq": self.seq, "mac": self.mac}

    @classmethod
    def from_json(cls, doc: object) -> ChainHead:
        """``ValueError`` for anything that is not a head this app writes."""
        if not isinstance(doc, dict) or set(doc) != {"seq", "mac"}:
            raise ValueError("not a chain head")
        seq, mac = doc["seq"], doc["mac"]
        if type(seq) is not int or seq < 1 or not isinstance(mac, str) or len(mac) != 64 \
                or any(c not in "0123456789abcdef" for c in mac):
            raise ValueError("not a chain head")
        return cls(seq, mac)


def derive_key(store_key: bytes | bytearray, store_id: str) -> bytes:
    """The chain's mac key: HKDF-SHA256 of the store key, with a label of its own
    (the backup mac uses another), bound to the store id."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"{_KEY_LABEL}:{store_id}".encode()).derive(bytes(store_key))


def entry_hash(prev_hash: str, id: str, at: str, actor: str, device: str, action: str,
               object_type: str | None, object_id: str | None, detail_json: str) -> str:
    canonical = json.dumps(
        [prev_hash, id, at, actor, device, action, object_type, object_id, detail_json],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def entry_mac(key: bytes, prev_mac: str, seq: int, digest: str) -> str:
    message = json.dumps([prev_mac, seq, digest], separators=(",", ":")).encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    #: Every row read, whether or not the chain held up to it.
    entries: int
    first_broken_seq: int | None
    #: The last entry's sequence number and mac (``None`` for an empty or unkeyed chain).
    head: ChainHead | None = None

    @property
    def intact(self) -> bool:
        return self.first_broken_seq is None


_COLUMNS = ("seq, id, at, actor, device, action, object_type, object_id, detail,"
            " prev_hash, hash")


class AuditLog:
    def __init__(self, conn: Connection, actor: str, device: str, key: bytes) -> None:
        self._conn = conn
        self.actor = actor
        self.device = device
        self._key = key
        #: Set by the store: every entry is also an operation (``app.store.oplog``).
        self.oplog: OpLog | None = None

    def _next_seq(self) -> int:
        """One above every number ever used, deleted entries included."""
        used = self._conn.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0),"
            " coalesce((SELECT max(seq) FROM audit_log), 0))").fetchone()[0]
        return used + 1

    def append(self, action: AuditAction, object_type: str | None = None,
               object_id: str | None = None, **detail: str | int | bool | None) -> str:
        """Add one entry; call inside the transaction of the change it records."""
        row = self._conn.execute(
            "SELECT hash, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        prev, prev_mac = (row[0], row[1] or GENESIS) if row else (GENESIS, GENESIS)
        seq, entry_id, at = self._next_seq(), new_id(), utc_now().isoformat()
        detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False)
        digest = entry_hash(prev, entry_id, at, self.actor, self.device, str(action),
                            object_type, object_id, detail_json)
        self._conn.execute(
            "INSERT INTO audit_log (seq, id, at, actor, device, action, object_type, object_id,"
            " detail, prev_hash, hash, mac) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (seq, entry_id, at, self.actor, self.device, str(action), object_type, object_id,
             detail_json, prev, digest, entry_mac(self._key, prev_mac, seq, digest)),
        )
        if self.oplog is not None:
            self.oplog.append(AUDIT, {
                "id": entry_id, "at": at, "actor": self.actor, "device": self.device,
                "action": str(action), "object_type": object_type, "object_id": object_id,
                "detail": detail_json})
        return entry_id

    def ensure_keyed(self) -> None:
        """Start the keyed chain in a store whose newest entry has no mac yet
        (a store from before migration 0008); see the module docstring."""
        row = self._conn.execute(
            "SELECT mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        if row is None or row[0] is not None:
            return
        older = self._conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        self.append(AuditAction.CHANGE, "store", None, key="audit_chain_keyed",
                    older_entries=older)

    def head(self) -> ChainHead | None:
        row = self._conn.execute(
            "SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        return ChainHead(row[0], row[1]) if row and row[1] else None

    def extends(self, kept: ChainHead | None) -> bool:
        """Whether this chain is ``kept`` plus (perhaps) newer entries: the
        entry at the kept head's number is still there with the same mac."""
        if kept is None:
            return True
        row = self._conn.execute("SELECT mac FROM audit_log WHERE seq = ?",
                                 (kept.seq,)).fetchone()
        return row is not None and row[0] is not None and hmac.compare_digest(row[0], kept.mac)

    def entries(self, object_id: str | None = None) -> list[AuditEntry]:
        sql = f"SELECT {_COLUMNS} FROM audit_log"
        args: tuple = ()
        if object_id is not None:
            sql, args = sql + " WHERE object_id = ?", (object_id,)
        return [
            AuditEntry(r[0], r[1], datetime.fromisoformat(r[2]), r[3], r[4], r[5], r[6], r[7],
                       json.loads(r[8]), r[9], r[10])
            for r in self._conn.execute(sql + " ORDER BY seq", args)
        ]

    def rows(self) -> list[dict]:
        """Every entry as the operation of it carries it (``app.store.oplog``)."""
        names = ("id", "at", "actor", "device", "action", "object_type", "object_id", "detail")
        return [dict(zip(names, r, strict=True)) for r in self._conn.execute(
            f"SELECT {', '.join(names)} FROM audit_log ORDER BY seq")]

    def verify(self) -> ChainReport:
        """Walk the whole chain in order: every row is read and counted; the
        first entry whose plain link, mac or number does not follow is named."""
        prev, prev_mac, prev_seq, keyed = GENESIS, GENESIS, 0, False
        count, broken, last_mac = 0, None, None
        for row in self._conn.execute(f"SELECT {_COLUMNS}, mac FROM audit_log ORDER BY seq"):
            count += 1
            seq, stored_prev, stored_hash, mac = row[0], row[9], row[10], row[11]
            if broken is None:
                ok = stored_prev == prev and entry_hash(prev, *row[1:9]) == stored_hash
                if mac is None:
                    ok = ok and not keyed  # once keyed, every later entry is keyed
                else:
                    ok = ok and hmac.compare_digest(
                        entry_mac(self._key, prev_mac, seq, stored_hash), mac)
                    # Numbers follow each other from the first keyed entry on.
                    ok = ok and (not keyed or seq == prev_seq + 1)
                    keyed, prev_mac = True, mac
                if not ok:
                    broken = seq
            prev, prev_seq, last_mac = stored_hash, seq, mac
        head = ChainHead(prev_seq, last_mac) if count and last_mac else None
        return ChainReport(count, broken, head)
