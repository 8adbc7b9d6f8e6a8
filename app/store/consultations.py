"""Sharings of a case for a consultation and their ends (issue 21), as
operations of append tables (``app.store.oplog``)."""

from __future__ import annotations

from datetime import datetime

from app.caseteam.consultation import Consultation, ConsultationLength
from app.store.database import Connection
from app.store.oplog import log_of

_SELECT = (
    "SELECT s.id, s.case_id, s.consultant, s.shared_by, s.length, s.starts_at, s.ends_at,"
    " (SELECT min(e.ended_at) FROM consultation_ends e WHERE e.share_id = s.id)"
    " FROM consultation_shares s")


def _consultation(row) -> Consultation:
    return Consultation(row[0], row[1], row[2], row[3], ConsultationLength(row[4]),
                        datetime.fromisoformat(row[5]), datetime.fromisoformat(row[6]),
                        datetime.fromisoformat(row[7]) if row[7] else None)


class ConsultationRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def share(self, consultation: Consultation, device: str) -> None:
        log_of(self._conn).append("consultation_shares", {
            "id": consultation.id, "case_id": consultation.case_id,
            "consultant": consultation.consultant, "shared_by": consultation.shared_by,
            "length": str(consultation.length),
            "starts_at": consultation.starts_at.isoformat(),
            "ends_at": consultation.ends_at.isoformat(), "device": device})

    def end(self, end_id: str, consultation: Consultation, ended_at: datetime,
            ended_by: str, early: bool, rolled: bool, device: str) -> None:
        log_of(self._conn).append("consultation_ends", {
            "id": end_id, "share_id": consultation.id, "case_id": consultation.case_id,
            "ended_at": ended_at.isoformat(), "ended_by": ended_by, "early": int(early),
            "rolled": int(rolled), "device": device})

    def of_case(self, case_id: str) -> list[Consultation]:
        return [_consultation(r) for r in self._conn.execute(
            f"{_SELECT} WHERE s.case_id = ? ORDER BY s.starts_at, s.id", (case_id,))]

    def of_consultant(self, worker_id: str) -> list[Consultation]:
        return [_consultation(r) for r in self._conn.execute(
            f"{_SELECT} WHERE s.consultant = ? ORDER BY s.starts_at, s.id", (worker_id,))]

    def get(self, share_id: str) -> Consultation | None:
        row = self._conn.execute(f"{_SELECT} WHERE s.id = ?", (share_id,)).fetchone()
        return None if row is None else _consultation(row)

    def unsettled(self) -> list[Consultation]:
        """Every sharing whose end is not recorded yet, or recorded without
        the case's new key epoch, of every case."""
        return [_consultation(r) for r in self._conn.execute(
            f"{_SELECT} WHERE NOT EXISTS (SELECT 1 FROM consultation_ends e"
            " WHERE e.share_id = s.id AND e.rolled = 1) ORDER BY s.ends_at, s.id")]

    def end_unsent(self, case_id: str) -> bool:
        """Whether an end of a sharing of the case made here waits to be sent."""
        return self._conn.execute(
            "SELECT 1 FROM operations o JOIN outbox x ON x.op_id = o.op_id"
            " WHERE o.entity = 'consultation_ends' AND o.case_id = ? LIMIT 1",
            (case_id,)).fetchone() is not None

    def drop_keys(self, case_id: str) -> int:
        """A consultant's device forgets every key of the case it held for
        the consultation (with whom else held them); returns how many. What
        it read stays in this store; what is written after cannot be read."""
        return self._conn.execute("DELETE FROM team_keys WHERE scope = ?",
                                  (case_id,)).rowcount
