"""The safety plan of a case and its phase state: the only SQL for the
``safety_plans`` table.

Every saved change of a plan is a new version (1, 2, 3 … per case); the
schema refuses UPDATE and DELETE (erasing the whole case still removes the
rows). The plan is stored as the domain's ``CasePlan`` through
``app.store.codec``. The phase state is stored through a small mirror
(``_StoredPhaseState``) because its history mixes two event types
(``PhaseChange`` and ``Relapse``), and the codec keeps to one type per field;
each event is written with its kind, so reading gives back exactly the
domain's history. Callers own the transaction (see ``Store.transaction``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import sqlcipher3

from app.safety.phases import Phase, PhaseChange, PhaseEvent, PhaseState, Relapse, Transition
from app.safety.plan import CasePlan
from app.store.codec import PayloadDamaged, from_json, to_json
from app.store.database import Connection
from app.store.oplog import log_of
from app.store.records import UnknownCase


@dataclass(frozen=True)
class _StoredEvent:
    """One event of the phase history as stored: ``kind`` is ``change`` or
    ``relapse``; ``text`` is the change's note or the relapse's reason."""

    kind: str
    on: date
    from_phase: Phase
    to_phase: Phase
    transition: Transition
    text: str = ""


@dataclass(frozen=True)
class _StoredPhaseState:
    phase: Phase
    since: date
    history: tuple[_StoredEvent, ...] = ()


def _event_out(event: PhaseEvent) -> _StoredEvent:
    if isinstance(event, Relapse):
        return _StoredEvent("relapse", event.on, Phase(event.from_phase), Phase.DIRECT_SAFETY,
                            Transition.BACK_TO_PHASE_1, event.reason)
    return _StoredEvent("change", event.on, Phase(event.from_phase), Phase(event.to_phase),
                        Transition(event.transition), event.note)


def _event_in(event: _StoredEvent) -> PhaseEvent:
    if event.kind == "relapse":
        return Relapse(event.on, event.from_phase, event.text)
    if event.kind == "change":
        return PhaseChange(event.on, event.transition, event.from_phase, event.to_phase,
                           event.text)
    raise PayloadDamaged("safety_plans: unknown phase event kind")


def phase_state_to_json(state: PhaseState) -> str:
    return to_json(_StoredPhaseState(Phase(state.phase), state.since,
                                     tuple(_event_out(e) for e in state.history)))


def phase_state_from_json(text: str) -> PhaseState:
    stored = from_json(_StoredPhaseState, text)
    return PhaseState(stored.phase, stored.since, tuple(_event_in(e) for e in stored.history))


@dataclass(frozen=True)
class StoredPlan:
    """One saved version of a case's plan with its phase state; ``change``
    is the code of the user intent that made it (e.g. ``add_item``)."""

    case_id: str
    version: int
    plan: CasePlan
    state: PhaseState
    change: str
    created_at: datetime
    author: str


_COLUMNS = "case_id, version, payload, phase_state, change, created_at, author"


def _stored(row: tuple) -> StoredPlan:
    case_id, version, payload, phase_state, change, created_at, author = row
    try:
        created = datetime.fromisoformat(created_at)
    except (TypeError, ValueError):
        raise PayloadDamaged("safety_plans: unreadable time") from None
    plan = from_json(CasePlan, payload)
    if plan.case_id != case_id:
        raise PayloadDamaged("safety_plans: payload case differs from row case")
    return StoredPlan(case_id, version, plan, phase_state_from_json(phase_state), change,
                      created, author)


class SafetyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(self, plan: CasePlan, state: PhaseState, *, version: int, change: str,
               created_at: datetime, author: str, device: str,
               seen: Mapping[str, Iterable[str]] | None = None) -> None:
        """Store ``plan`` and ``state`` as ``version`` of the case's plan; the
        schema checks that it follows the previous version. ``seen``: the
        plan's heads when the screen loaded it (``OpLog.set``)."""
        latest = self._conn.execute("SELECT coalesce(max(version), 0) FROM safety_plans"
                                    " WHERE case_id = ?", (plan.case_id,)).fetchone()[0]
        if version != latest + 1:
            raise sqlcipher3.IntegrityError(
                "a safety plan version follows the previous version of the same case")
        try:
            self._append_row({
                "case_id": plan.case_id, "payload": to_json(plan),
                "phase_state": phase_state_to_json(state), "phase": int(state.phase),
                "change": change, "created_at": created_at.isoformat(), "author": author,
                "device": device}, seen=seen)
        except sqlcipher3.IntegrityError as exc:
            if "FOREIGN KEY" in str(exc):
                raise UnknownCase() from None
            raise

    def _append_row(self, row: dict,
                    seen: Mapping[str, Iterable[str]] | None = None) -> None:
        """One version, and the register that says it is the current one: a
        version saved elsewhere at the same time makes that a conflict."""
        log = log_of(self._conn)
        op = log.append("safety_plans", row)
        log.set("safety_plan", row["case_id"], {"version_op": op.op_id}, seen=seen)

    def keep_version(self, case_id: str, op_id: str, *, created_at: datetime, author: str,
                     device: str) -> None:
        """Settle a conflict of two versions saved at once: the chosen one
        (by the id of its operation) becomes the newest version again."""
        row = log_of(self._conn).change_of(op_id)
        if row is None or row.get("case_id") != case_id:
            raise UnknownCase()
        self._append_row({**row, "change": "conflict_resolved",
                          "created_at": created_at.isoformat(), "author": author,
                          "device": device})

    def latest(self, case_id: str) -> StoredPlan | None:
        """The current version of the case's plan, or ``None`` when there is none."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM safety_plans WHERE case_id = ?"
            " ORDER BY version DESC LIMIT 1", (case_id,)).fetchone()
        return _stored(row) if row else None

    def versions(self, case_id: str) -> list[StoredPlan]:
        """Every version of the case's plan, oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM safety_plans WHERE case_id = ? ORDER BY version",
            (case_id,)).fetchall()
        return [_stored(row) for row in rows]

    def phases(self) -> dict[str, int]:
        """The current phase of every case that has a plan (for overviews)."""
        rows = self._conn.execute(
            "SELECT s.case_id, s.phase FROM safety_plans s JOIN ("
            "  SELECT case_id, max(version) AS latest FROM safety_plans GROUP BY case_id"
            ") l ON s.case_id = l.case_id AND s.version = l.latest").fetchall()
        return {case_id: phase for case_id, phase in rows}
