"""The team lead's overview (overzicht): which cases need attention, as lists
of case ids per figure so that every number opens the cases behind it.

Pure: takes the case-list rows and a few facts per case that the store can
answer in one query each, never a case's full file.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.cases.model import CaseStatus, CaseSummary
from app.i18n import N_, _

FIGURES = {
    "overdue": N_("Termijn verlopen"),
    "due_this_week": N_("Termijn deze week"),
    "acute": N_("Spoedcontact zonder besluit"),
    "no_kindcheck": N_("Nog geen kindcheck"),
    "report_not_done": N_("Besloten te melden, nog geen bevestiging van Veilig Thuis"),
    "not_reviewed": N_("Besluit nog niet besproken met teamleider"),
    "left_phase_1_open": N_("Fase 1 verlaten met een voorwaarde zonder afspraak"),
    "review_requested": N_("Bespreking gevraagd"),
    "open_conflicts": N_("Open conflicten (meer dan één versie)"),
}

#: The figures the table per worker shows.
WORKER_FIGURES = ("overdue", "due_this_week", "review_requested", "open_conflicts")


def figure_label(code: str) -> str:
    return _(FIGURES[code])


@dataclass(frozen=True)
class CaseFlags:
    """Facts about the open cases, each a set of case ids."""

    acute: frozenset[str] = frozenset()
    decided: frozenset[str] = frozenset()
    kindchecked: frozenset[str] = frozenset()
    decided_to_report: frozenset[str] = frozenset()
    report_confirmed: frozenset[str] = frozenset()
    reviewed: frozenset[str] = frozenset()
    #: left phase 1 while a condition of Veilig Thuis had no agreement (with a reason)
    left_phase_1_open: frozenset[str] = frozenset()
    #: case id → days from its first signal to its first decision
    days_to_decision: dict[str, int] = field(default_factory=dict)
    #: a worker asked for a review that no review answered yet
    review_requested: frozenset[str] = frozenset()
    #: a field of the case has two or more versions (``OpLog.conflicts``)
    conflicted: frozenset[str] = frozenset()
    #: case id → its casusregisseur (worker id)
    leads: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Overview:
    by_step: dict[int, tuple[str, ...]]
    by_phase: dict[int | None, tuple[str, ...]]
    lists: dict[str, tuple[str, ...]]
    median_days_to_decision: float | None
    open_cases: int
    #: worker id (casusregisseur) → figure code → the open cases it leads
    by_worker: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)


def overview(rows: Iterable[CaseSummary], flags: CaseFlags, today: date,
             worker: str | None = None) -> Overview:
    """The figures over every open case of the team, or (``worker``) over
    the open cases that worker is casusregisseur of."""
    open_rows = [r for r in rows if r.status == CaseStatus.OPEN
                 and (worker is None or flags.leads.get(r.id) == worker)]
    week_end = today + timedelta(days=(6 - today.weekday()))
    by_step: dict[int, list[str]] = {n: [] for n in range(1, 6)}
    by_phase: dict[int | None, list[str]] = {n: [] for n in (1, 2, 3, 4, 5, None)}
    lists: dict[str, list[str]] = {code: [] for code in FIGURES}
    for row in open_rows:
        by_step[row.current_step].append(row.id)
        by_phase[row.safety_phase].append(row.id)
        if row.next_due is not None and row.next_due < today:
            lists["overdue"].append(row.id)
        elif row.next_due is not None and row.next_due <= week_end:
            lists["due_this_week"].append(row.id)
        if row.id in flags.acute and row.id not in flags.decided:
            lists["acute"].append(row.id)
        if row.id not in flags.kindchecked:
            lists["no_kindcheck"].append(row.id)
        if row.id in flags.decided_to_report and row.id not in flags.report_confirmed:
            lists["report_not_done"].append(row.id)
        if row.id in flags.decided and row.id not in flags.reviewed:
            lists["not_reviewed"].append(row.id)
        if row.id in flags.left_phase_1_open:
            lists["left_phase_1_open"].append(row.id)
        if row.id in flags.review_requested:
            lists["review_requested"].append(row.id)
        if row.id in flags.conflicted:
            lists["open_conflicts"].append(row.id)
    open_ids = {r.id for r in open_rows}
    days = [d for case_id, d in flags.days_to_decision.items() if case_id in open_ids]
    by_worker: dict[str, dict[str, list[str]]] = {}
    for row in open_rows:
        lead = flags.leads.get(row.id)
        if lead is not None:
            by_worker.setdefault(lead, {code: [] for code in ("cases", *WORKER_FIGURES)})
            by_worker[lead]["cases"].append(row.id)
    for code in WORKER_FIGURES:
        for case_id in lists[code]:
            lead = flags.leads.get(case_id)
            if lead is not None:
                by_worker[lead][code].append(case_id)
    return Overview(
        {k: tuple(v) for k, v in by_step.items()},
        {k: tuple(v) for k, v in by_phase.items()},
        {k: tuple(v) for k, v in lists.items()},
        float(statistics.median(days)) if days else None,
        len(open_rows),
        {w: {c: tuple(ids) for c, ids in figures.items()} for w, figures in by_worker.items()},
    )
