"""The SQL behind closing cases, retention and erasure (see app/services/retention.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from app.store.database import Connection
from app.store.oplog import log_of


class RetentionRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def case_state(self, case_id: str) -> tuple[str, str, str | None] | None:
        """(status, case type, closed on) of a case, or None when it is not there."""
        return self._conn.execute(
            "SELECT status, case_type, closed_on FROM cases WHERE id = ?", (case_id,)).fetchone()

    def set_case_type(self, case_id: str, case_type: str,
                      seen: Mapping[str, Iterable[str]] | None = None) -> None:
        """``seen``: the case's heads when the form opened (``OpLog.set``)."""
        log_of(self._conn).set("cases", case_id, {"case_type": case_type}, seen=seen)

    def set_status(self, case_id: str, status: str, closed_on: date | None,
                   seen: Mapping[str, Iterable[str]] | None = None) -> None:
        log_of(self._conn).set("cases", case_id, {
            "status": status, "closed_on": closed_on.isoformat() if closed_on else None},
            seen=seen)

    def closed_cases(self) -> list[tuple[str, str, str, date]]:
        """(id, reference, case type, closed on) of every closed case, oldest first."""
        return [(r[0], r[1], r[2], date.fromisoformat(r[3])) for r in self._conn.execute(
            "SELECT id, reference, case_type, closed_on FROM cases"
            " WHERE status = 'closed' AND closed_on IS NOT NULL ORDER BY closed_on, reference")]

    def delete_case(self, case_id: str) -> bool:
        """Erase the case: its tombstone operation deletes the case, by cascade
        everything under it, and its operations. False when a row elsewhere
        still points at it (then the caller rolls back)."""
        log_of(self._conn).erase(case_id)
        if self._conn.execute("PRAGMA foreign_key_check").fetchall():
            return False
        # Merge full-text indexes, so deleted text does not linger in old segments.
        for (table,) in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND lower(sql) LIKE 'create virtual table%using fts5%'").fetchall():
            self._conn.execute(f'INSERT INTO "{table}" ("{table}") VALUES (\'optimize\')')
        return True

    def compact(self) -> None:
        """Fold the write-ahead log back and rebuild the file without free pages."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        self._conn.execute("VACUUM")
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
