"""The case-list columns of a case: meldcode step, safety phase, next due date.

The case list shows them from the ``cases`` row (one indexed query for
thousands of cases), so every service that changes what they follow from
calls ``refresh_summary`` inside its own transaction.
"""

from __future__ import annotations

from datetime import date

from app.meldcode.deadlines import next_due
from app.meldcode.progress import meldcode_progress
from app.meldcode.steps import Step
from app.safety.plan import deadlines, next_evaluation
from app.services.meldcode import load_records
from app.store.store import Store


def refresh_summary(store: Store, case_id: str, today: date | None = None) -> None:
    """Recompute and store ``current_step``, ``safety_phase`` and ``next_due``.

    ``current_step`` is the meldcode step to work on (step 5 once every step
    is done: the column always holds a step); ``safety_phase`` is the phase of
    the safety plan, ``None`` while the case has no plan (a value set
    without a plan, e.g. by an import, is left alone); ``next_due`` is the
    earliest of the meldcode deadlines and the safety plan's deadlines (next
    evaluation, open items, goals), overdue ones included. The next evaluation
    of the plan is also when the kindcheck is repeated.
    """
    today = today or date.today()
    records = load_records(store, case_id)
    step = meldcode_progress(records).current_step or Step.DECIDE
    stored = store.safety.latest(case_id)
    # Without a plan the column keeps what it holds: NULL for every case the
    # app made; only a plan gives the phase.
    case = store.cases.get(case_id)
    phase: int | None = case.safety_phase if case is not None else None
    candidates: list[date] = []
    evaluation = None
    if stored is not None:
        phase = int(stored.state.phase)
        evaluation = next_evaluation(stored.plan)
        safety_due = deadlines(stored.plan, today)
        if safety_due:
            candidates.append(safety_due[0].due)
    meldcode_due = next_due(records, next_evaluation=evaluation)
    if meldcode_due is not None:
        candidates.append(meldcode_due.due)
    store.cases.set_summary(case_id, int(step), phase, min(candidates, default=None))
