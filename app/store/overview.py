"""The queries behind the team lead's overview, and decision reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.store.database import Connection
from app.store.oplog import log_of


@dataclass(frozen=True)
class Review:
    """Besproken met de teamleider: a comment on a weighing or decision."""

    id: str
    case_id: str
    record_id: str
    comment: str
    created_at: datetime
    author: str


def _ids(conn: Connection, sql: str) -> frozenset[str]:
    return frozenset(row[0] for row in conn.execute(sql))


class OverviewRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def case_sets(self) -> dict[str, frozenset[str]]:
        """Case ids per fact, one indexed query each (no payload is decoded in Python)."""
        conn = self._conn
        return {
            "acute": _ids(conn, "SELECT DISTINCT case_id FROM records WHERE kind = 'acute_path'"),
            "decided": _ids(conn, "SELECT DISTINCT case_id FROM records WHERE kind = 'decision'"),
            "kindchecked": _ids(
                conn, "SELECT DISTINCT case_id FROM records WHERE kind = 'kindcheck_run'"),
            "decided_to_report": _ids(
                conn, "SELECT DISTINCT case_id FROM records WHERE kind = 'decision'"
                      " AND json_extract(payload, '$.outcome') = 'report'"),
            "reviewed": _ids(conn, "SELECT DISTINCT case_id FROM reviews"),
            # The newest plan holds every evaluation; one with a reason for moving
            # on with an unanswered condition of Veilig Thuis.
            "left_phase_1_open": _ids(
                conn, "SELECT DISTINCT p.case_id FROM safety_plans p,"
                      " json_each(p.payload, '$.evaluations') e"
                      " WHERE p.version = (SELECT max(version) FROM safety_plans"
                      "                    WHERE case_id = p.case_id)"
                      " AND trim(coalesce(json_extract(e.value, '$.open_conditions_reason'), ''))"
                      " <> ''"),
        }

    def days_to_first_decision(self) -> dict[str, int]:
        rows = self._conn.execute(
            "SELECT s.case_id, s.first, d.first FROM"
            " (SELECT case_id, min(substr(json_extract(payload, '$.observed_at'), 1, 10)) AS first"
            "  FROM records WHERE kind = 'signal' AND version = 1 GROUP BY case_id) AS s"
            " JOIN (SELECT case_id, min(json_extract(payload, '$.decided_on')) AS first"
            "  FROM records WHERE kind = 'decision' GROUP BY case_id) AS d"
            " ON d.case_id = s.case_id")
        found = {}
        for case_id, signal_day, decision_day in rows:
            days = (date.fromisoformat(decision_day) - date.fromisoformat(signal_day)).days
            if days >= 0:
                found[case_id] = days
        return found

    def add_review(self, review: Review, device: str) -> None:
        log_of(self._conn).append("reviews", {
            "id": review.id, "case_id": review.case_id, "record_id": review.record_id,
            "comment": review.comment, "created_at": review.created_at.isoformat(),
            "author": review.author, "device": device})

    def reviews(self, case_id: str) -> list[Review]:
        return [Review(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5])
                for r in self._conn.execute(
                    "SELECT id, case_id, record_id, comment, created_at, author FROM reviews"
                    " WHERE case_id = ? ORDER BY created_at, rowid", (case_id,))]
