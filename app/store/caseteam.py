"""The worker directory, case members, the casusregisseur, review requests
(as operations, ``app.store.oplog``) and what this worker has seen of each
case (local, ``case_seen``)."""

from __future__ import annotations

import json
from datetime import datetime

from app.caseteam import ReviewRequest, TeamRole, Worker
from app.oplog.merge import REMOVED
from app.store.database import Connection
from app.store.oplog import log_of


def member_id(case_id: str, worker_id: str) -> str:
    """One register per case and worker: two devices adding the same
    colleague to a case change the same row."""
    return f"{case_id}:{worker_id}"


class CaseTeamRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- the worker directory --------------------------------------------------------

    def workers(self) -> dict[str, Worker]:
        return {r[0]: Worker(r[0], r[1], TeamRole(r[2])) for r in self._conn.execute(
            "SELECT id, name, role FROM workers ORDER BY name, id")}

    def set_worker(self, worker: Worker, meta: dict[str, str]) -> None:
        log_of(self._conn).set("workers", worker.id,
                               {"name": worker.name, "role": str(worker.role)}, meta=meta)

    # -- who is on a case ------------------------------------------------------------

    def lead_and_creator(self, case_id: str) -> tuple[str | None, str]:
        """The case's casusregisseur register (None: never handed over) and
        the worker who created the case (the author of its first operation)."""
        row = self._conn.execute(
            "SELECT c.case_lead, (SELECT o.author FROM operations o WHERE o.entity = 'cases'"
            " AND o.entity_id = c.id ORDER BY o.hlc, o.op_id LIMIT 1), c.author"
            " FROM cases c WHERE c.id = ?", (case_id,)).fetchone()
        return (row[0], row[1] or row[2]) if row else (None, "")

    def leads(self) -> dict[str, str]:
        """Case id -> casusregisseur (register or creator) for every case."""
        return {r[0]: r[1] or r[2] or r[3] for r in self._conn.execute(
            "SELECT c.id, c.case_lead, (SELECT o.author FROM operations o"
            " WHERE o.entity = 'cases' AND o.entity_id = c.id ORDER BY o.hlc, o.op_id LIMIT 1),"
            " c.author FROM cases c")}

    def former_leads(self, case_id: str) -> frozenset[str]:
        """Every worker who was ever casusregisseur by a takeover (not the creator)."""
        return frozenset(json.loads(r[0]) for r in self._conn.execute(
            "SELECT value FROM field_ops WHERE entity = 'cases' AND entity_id = ?"
            " AND field = 'case_lead'", (case_id,)) if r[0] != "null")

    def co_workers(self, case_id: str) -> tuple[str, ...]:
        return tuple(r[0] for r in self._conn.execute(
            "SELECT worker_id FROM case_members WHERE case_id = ? ORDER BY worker_id",
            (case_id,)))

    def set_lead(self, case_id: str, worker_id: str, meta: dict[str, str]) -> None:
        log_of(self._conn).set("cases", case_id, {"case_lead": worker_id}, meta=meta)

    def add_member(self, case_id: str, worker_id: str, meta: dict[str, str]) -> None:
        entity = member_id(case_id, worker_id)
        log = log_of(self._conn)
        values: dict[str, object] = {"case_id": case_id, "worker_id": worker_id}
        if log.heads("case_members", entity, (REMOVED,))[REMOVED]:
            values[REMOVED] = False  # back on the case after a removal
        log.set("case_members", entity, values, meta=meta)

    def remove_member(self, case_id: str, worker_id: str, meta: dict[str, str]) -> None:
        log_of(self._conn).remove("case_members", member_id(case_id, worker_id), meta=meta)

    # -- asking for a review -----------------------------------------------------------

    def add_request(self, request: ReviewRequest, device: str) -> None:
        log_of(self._conn).append("review_requests", {
            "id": request.id, "case_id": request.case_id, "note": request.note,
            "created_at": request.created_at.isoformat(), "author": request.author,
            "device": device})

    def requests(self, case_id: str | None = None) -> list[ReviewRequest]:
        where, args = ("WHERE case_id = ?", (case_id,)) if case_id else ("", ())
        return [ReviewRequest(r[0], r[1], r[2], datetime.fromisoformat(r[3]), r[4])
                for r in self._conn.execute(
                    f"SELECT id, case_id, note, created_at, author FROM review_requests {where}"
                    " ORDER BY created_at, id", args)]

    def review_times(self) -> dict[str, list[datetime]]:
        found: dict[str, list[datetime]] = {}
        for case_id, at in self._conn.execute("SELECT case_id, created_at FROM reviews"):
            found.setdefault(case_id, []).append(datetime.fromisoformat(at))
        return found

    # -- new since you looked (local) --------------------------------------------------

    def mark_seen(self, case_id: str) -> None:
        """This worker opened the case: everything in the log now is seen."""
        self._conn.execute(
            "INSERT INTO case_seen (case_id, seen_seq) VALUES (?,"
            " (SELECT coalesce(max(seq), 0) FROM operations))"
            " ON CONFLICT (case_id) DO UPDATE SET seen_seq = excluded.seen_seq", (case_id,))

    def changed_by_others(self) -> frozenset[str]:
        """Cases with an operation from another device since this worker
        last opened them (never opened: since they arrived)."""
        return frozenset(r[0] for r in self._conn.execute(
            "SELECT case_id FROM case_seen WHERE foreign_seq > seen_seq"))
