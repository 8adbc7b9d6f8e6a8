"""The team lead's overview from case rows and flags, table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.cases.model import CaseStatus, CaseSummary
from app.reporting.overview import CaseFlags, overview

TODAY = date(2026, 11, 25)  # a Wednesday; the week ends on Sunday the 29th
MOMENT = datetime(2026, 11, 1, tzinfo=UTC)


def row(id: str, step: int = 1, phase: int | None = None, due: date | None = None,
        status: CaseStatus = CaseStatus.OPEN) -> CaseSummary:
    return CaseSummary(id, f"VW-{id}", f"Familie {id}", status, step, phase, due, MOMENT)


@pytest.mark.parametrize(("due", "figure"), [
    (date(2026, 11, 24), "overdue"),
    (TODAY, "due_this_week"),
    (date(2026, 11, 29), "due_this_week"),
    (date(2026, 11, 30), None),
    (None, None),
])
def test_due_dates(due, figure):
    result = overview([row("a", due=due)], CaseFlags(kindchecked=frozenset({"a"})), TODAY)
    found = [code for code, ids in result.lists.items() if ids]
    assert found == ([figure] if figure else [])


@pytest.mark.parametrize(("flags", "expected"), [
    (CaseFlags(acute=frozenset("a"), kindchecked=frozenset("a")), ["acute"]),
    (CaseFlags(acute=frozenset("a"), decided=frozenset("a"), reviewed=frozenset("a"),
               kindchecked=frozenset("a")), []),
    (CaseFlags(), ["no_kindcheck"]),
    (CaseFlags(decided=frozenset("a"), decided_to_report=frozenset("a"),
               kindchecked=frozenset("a")), ["report_not_done", "not_reviewed"]),
    (CaseFlags(decided=frozenset("a"), decided_to_report=frozenset("a"),
               report_confirmed=frozenset("a"), reviewed=frozenset("a"),
               kindchecked=frozenset("a")), []),
])
def test_flags(flags, expected):
    result = overview([row("a")], flags, TODAY)
    assert sorted(code for code, ids in result.lists.items() if ids) == sorted(expected)


def test_steps_phases_closed_cases_and_median():
    rows = [row("a", step=2, phase=1), row("b", step=2), row("c", step=5, phase=3),
            row("d", step=4, status=CaseStatus.CLOSED)]
    flags = CaseFlags(kindchecked=frozenset("abcd"),
                      days_to_decision={"a": 10, "c": 30, "d": 1000})
    result = overview(rows, flags, TODAY)
    assert result.open_cases == 3
    assert result.by_step[2] == ("a", "b") and result.by_step[4] == ()
    assert result.by_phase[1] == ("a",) and result.by_phase[None] == ("b",)
    assert result.median_days_to_decision == 20.0  # the closed case does not count
