"""The lead's overview per worker (issue 21): figures per casusregisseur,
open conflicts and requests for a review, and the filter on one worker."""

from __future__ import annotations

from datetime import date

import pytest

from app.cases.model import CaseStatus
from app.reporting.overview import CaseFlags, overview
from tests.reporting.test_overview import TODAY, row

LEADS = {"a": "sanne", "b": "sanne", "c": "youssef", "d": "youssef", "e": "sanne"}
ROWS = [row("a", due=date(2026, 11, 20)), row("b", due=TODAY), row("c", due=date(2026, 11, 1)),
        row("d"), row("e", due=date(2026, 11, 2), status=CaseStatus.CLOSED)]
FLAGS = CaseFlags(kindchecked=frozenset("abcde"), conflicted=frozenset("bd"),
                  review_requested=frozenset("ac"), leads=LEADS)


@pytest.mark.parametrize(("worker", "code", "expected"), [
    ("sanne", "cases", ("a", "b")),  # e is closed
    ("sanne", "overdue", ("a",)),
    ("sanne", "due_this_week", ("b",)),
    ("sanne", "open_conflicts", ("b",)),
    ("sanne", "review_requested", ("a",)),
    ("youssef", "cases", ("c", "d")),
    ("youssef", "overdue", ("c",)),
    ("youssef", "due_this_week", ()),
    ("youssef", "open_conflicts", ("d",)),
    ("youssef", "review_requested", ("c",)),
])
def test_figures_per_worker(worker, code, expected):
    assert overview(ROWS, FLAGS, TODAY).by_worker[worker][code] == expected


@pytest.mark.parametrize(("code", "expected"), [
    ("open_conflicts", ("b", "d")), ("review_requested", ("a", "c")),
    ("overdue", ("a", "c"))])
def test_team_wide_figures(code, expected):
    assert overview(ROWS, FLAGS, TODAY).lists[code] == expected


@pytest.mark.parametrize(("worker", "open_cases", "overdue"), [
    (None, 4, ("a", "c")), ("sanne", 2, ("a",)), ("youssef", 2, ("c",)), ("nobody", 0, ())])
def test_the_filter_on_one_worker(worker, open_cases, overdue):
    result = overview(ROWS, FLAGS, TODAY, worker)
    assert result.open_cases == open_cases
    assert result.lists["overdue"] == overdue
    assert set(result.by_worker) <= ({worker} if worker else {"sanne", "youssef"})


def test_a_case_without_a_known_lead_counts_for_the_team_only():
    result = overview([row("x", due=date(2026, 11, 1))], CaseFlags(), TODAY)
    assert result.lists["overdue"] == ("x",)
    assert result.by_worker == {}
