"""The handover tables: the worker's profile as reporter, the handover details
of a case and the feedback of Veilig Thuis. The only SQL for them.

Values in and out are those of ``app.forms.handover``. Callers own the
transaction (see ``Store.transaction``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import sqlcipher3

from app.cases.model import new_id
from app.forms.handover import (
    HandoverDetails,
    ReportKind,
    VtFeedback,
    VtFeedbackKind,
    VtRoute,
    WorkerProfile,
)
from app.store.codec import PayloadDamaged
from app.store.database import Connection
from app.store.oplog import log_of
from app.store.records import UnknownCase

_DETAIL_COLUMNS = ("other_professionals", "supporting_network", "agreements", "not_for_family",
                   "attachments", "reporter_relation")


def _foreign_key(exc: sqlcipher3.IntegrityError) -> None:
    if "FOREIGN KEY" in str(exc):
        raise UnknownCase() from None
    raise exc


class HandoverRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- the worker's profile ---------------------------------------------------

    def worker_profile(self) -> WorkerProfile | None:
        row = self._conn.execute(
            "SELECT name, organisation, role, phone, email FROM worker_profile").fetchone()
        return None if row is None else WorkerProfile(*row)

    def set_worker_profile(self, profile: WorkerProfile, *, now: datetime, author: str,
                           device: str) -> None:
        at = now.isoformat()
        self._conn.execute(
            "INSERT INTO worker_profile (id, name, organisation, role, phone, email, created_at,"
            " updated_at, author, device) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (singleton) DO UPDATE SET name = excluded.name,"
            " organisation = excluded.organisation, role = excluded.role,"
            " phone = excluded.phone, email = excluded.email, updated_at = excluded.updated_at,"
            " author = excluded.author, device = excluded.device",
            (new_id(), profile.name, profile.organisation, profile.role, profile.phone,
             profile.email, at, at, author, device),
        )

    # -- handover details of a case ------------------------------------------------

    def details(self, case_id: str) -> HandoverDetails | None:
        row = self._conn.execute(
            f"SELECT report_kind, {', '.join(_DETAIL_COLUMNS)} FROM handover_details"
            " WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        try:
            kind = None if row[0] is None else ReportKind(row[0])
        except ValueError:
            raise PayloadDamaged("handover_details: unknown report kind") from None
        return HandoverDetails(kind, *row[1:])

    def set_details(self, case_id: str, details: HandoverDetails, *, now: datetime,
                    author: str, device: str,
                    seen: Mapping[str, Iterable[str]] | None = None) -> None:
        """Only what changed; ``seen``: the heads when the form opened
        (``OpLog.set``)."""
        at = now.isoformat()
        kind = None if details.report_kind is None else str(details.report_kind)
        values = {"report_kind": kind, **{c: getattr(details, c) for c in _DETAIL_COLUMNS}}
        names = ", ".join(values)
        row = self._conn.execute(f"SELECT {names} FROM handover_details WHERE case_id = ?",
                                 (case_id,)).fetchone()
        if row is not None:
            # Only what changed, so that two workers filling in different parts agree.
            values = {n: v for (n, v), old in zip(values.items(), row, strict=True) if old != v}
            if not values:
                return
        else:
            values = {"id": new_id(), **values, "created_at": at}
        try:
            log_of(self._conn).set("handover_details", case_id, values, seen=seen,
                                   meta={"updated_at": at, "author": author, "device": device})
        except sqlcipher3.IntegrityError as exc:
            _foreign_key(exc)

    # -- feedback of Veilig Thuis -----------------------------------------------------

    def add_feedback(self, case_id: str, feedback: VtFeedback, *, now: datetime, author: str,
                     device: str) -> None:
        f = feedback
        try:
            log_of(self._conn).append("vt_feedback", {
                "id": f.id, "case_id": case_id, "received_on": f.received_on.isoformat(),
                "kind": str(f.kind), "vt_reference": f.vt_reference,
                "route": None if f.route is None else str(f.route), "notes": f.notes,
                "conditions": f.conditions, "created_at": now.isoformat(), "author": author,
                "device": device})
        except sqlcipher3.IntegrityError as exc:
            _foreign_key(exc)

    def cases_with_feedback(self) -> frozenset[str]:
        return frozenset(r[0] for r in self._conn.execute(
            "SELECT DISTINCT case_id FROM vt_feedback"))

    def feedback_exists(self, feedback_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM vt_feedback WHERE id = ?",
                                  (feedback_id,)).fetchone() is not None

    def feedback(self, case_id: str) -> list[VtFeedback]:
        """Every feedback record of a case, oldest first."""
        rows = self._conn.execute(
            "SELECT id, received_on, kind, vt_reference, route, notes, conditions"
            " FROM vt_feedback WHERE case_id = ? ORDER BY received_on, rowid",
            (case_id,)).fetchall()
        found = []
        for fid, received_on, kind, ref, route, notes, conditions in rows:
            try:
                found.append(VtFeedback(fid, date.fromisoformat(received_on),
                                        VtFeedbackKind(kind), ref,
                                        None if route is None else VtRoute(route), notes,
                                        conditions))
            except (ValueError, TypeError):
                raise PayloadDamaged("vt_feedback: unreadable row") from None
        return found
