"""Make stores the way earlier versions of the code did, to test their upgrade."""

from __future__ import annotations

import json

from app.cases.model import new_id, utc_now
from app.store import database
from app.store.audit import GENESIS, AuditLog, entry_hash
from app.store.store import Store

#: Undoes the migration that counts the changes of ``search_cases``
#: (``search_rows_changed``), for a test that takes a store back to before it.
SEARCH_ROWS_CHANGED = ("DROP TRIGGER search_rows_insert", "DROP TRIGGER search_rows_delete",
                       "DROP TRIGGER search_rows_update", "DROP TABLE search_rows_changed")
#: Undoes the migration that logs which cases' list rows changed
#: (``case_list_changes``), likewise.
CASE_LIST_CHANGES = ("DROP TRIGGER case_list_insert", "DROP TRIGGER case_list_delete",
                     "DROP TRIGGER case_list_update", "DROP TABLE case_list_changes")


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


def insert_case(conn, name: str, author: str, device: str) -> str:
    """A case as the code before the log wrote it: straight into its table."""
    case_id, at = new_id(), utc_now().isoformat()
    conn.execute("INSERT INTO cases (id, reference, household_name, status, created_at,"
                 " updated_at, author, device) VALUES (?, ?, ?, 'open', ?, ?, ?, ?)",
                 (case_id, f"VW-2611-{case_id[:4].upper()}", name, at, at, author, device))
    return case_id


def insert_record(conn, case_id: str, record, author: str, device: str) -> None:
    """Version 1 of a meldcode record as the code before the log wrote it."""
    from app.store.codec import to_json
    from app.store.records import RecordKind

    conn.execute("INSERT INTO records (id, version, case_id, kind, payload, created_at, author,"
                 " device) VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
                 (record.id, case_id, str(RecordKind.of(record)), to_json(record),
                  utc_now().isoformat(), author, device))


def use_code_before(monkeypatch, migration: int) -> None:
    """Migrations below ``migration`` only, and (below 8) the plain audit chain
    with no head kept: the code of that time. ``monkeypatch.undo()`` ends it."""
    before = [m for m in database.migrations() if m[0] < migration]
    monkeypatch.setattr(database, "migrations", lambda: before)
    if migration <= 10:
        # No operation log yet: the store writes its tables directly.
        monkeypatch.setattr(Store, "_ensure_log", lambda self: None)
    if migration <= 8:
        monkeypatch.setattr(AuditLog, "append", _plain_append)
        monkeypatch.setattr(AuditLog, "ensure_keyed", lambda self: None)
        monkeypatch.setattr(AuditLog, "head", lambda self: None)
