"""Make stores the way earlier versions of the code did, to test their upgrade."""

from __future__ import annotations

import json

from app.cases.model import new_id, utc_now
from app.store import database
from app.store.audit import GENESIS, AuditLog, entry_hash


def _plain_append(self, action, object_type=None, object_id=None, **detail):
    """``AuditLog.append`` before migration 0008: the plain SHA-256 chain only."""
    row = self._conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    entry_id, at = new_id(), utc_now().isoformat()
    detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False)
    digest = entry_hash(prev, entry_id, at, self.actor, self.device, str(action),
                        object_type, object_id, detail_json)
    self._conn.execute(
        "INSERT INTO audit_log (id, at, actor, device, action, object_type, object_id,"
        " detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (entry_id, at, self.actor, self.device, str(action), object_type, object_id,
         detail_json, prev, digest))
    return entry_id


def use_code_before(monkeypatch, migration: int) -> None:
    """Migrations below ``migration`` only, and (below 8) the plain audit chain
    with no head kept: the code of that time. ``monkeypatch.undo()`` ends it."""
    before = [m for m in database.migrations() if m[0] < migration]
    monkeypatch.setattr(database, "migrations", lambda: before)
    if migration <= 8:
        monkeypatch.setattr(AuditLog, "append", _plain_append)
        monkeypatch.setattr(AuditLog, "ensure_keyed", lambda self: None)
        monkeypatch.setattr(AuditLog, "head", lambda self: None)
