"""The case list's order: by the last change (times compared as times), text
when the times cannot be compared, and a sorted list with a filter on shows
the passing cases in the new order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from PySide6.QtCore import Qt

from app.cases.model import CaseStatus
from app.ui.case_list import HOUSEHOLD, ID_ROLE, REFERENCE, UPDATED, CaseListView, sorted_cases
from tests.ui.test_background_reads import summary

AWARE = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NAIVE = datetime(2026, 3, 1, 13, 0)


@pytest.mark.parametrize("times, newest_first", [
    # Times of one kind: by the time itself (11:00 UTC after 10:30 +01:00 … ).
    ((AWARE, AWARE + timedelta(hours=2), AWARE - timedelta(days=1)), ["id-1", "id-0", "id-2"]),
    # Naive and aware mixed cannot be compared as times: by their text.
    ((AWARE, NAIVE, AWARE - timedelta(days=1)), ["id-1", "id-0", "id-2"]),
    ((NAIVE, AWARE + timedelta(hours=3), AWARE), ["id-1", "id-0", "id-2"]),
    # Not times at all (an old row): they sort before every time, in list order.
    (("2026-03-01", AWARE, "2026-03-02"), ["id-1", "id-0", "id-2"]),
    (("2026-03-01", "2026-03-02"), ["id-0", "id-1"]),
    ((), []),
])
def test_the_newest_change_first(times, newest_first):
    rows = [replace(summary(n, 0), updated_at=t) for n, t in enumerate(times)]
    ordered = sorted_cases(rows, UPDATED, Qt.SortOrder.DescendingOrder)
    assert [r.id for r in ordered] == newest_first
    assert [r.id for r in sorted_cases(rows, UPDATED, Qt.SortOrder.AscendingOrder)] == (
        newest_first[::-1] if all(isinstance(t, datetime) for t in times)
        else [r.id for r in rows] if not any(isinstance(t, datetime) for t in times)
        else [r.id for r in sorted(rows, key=lambda r: r.updated_at.isoformat()
                                   if isinstance(r.updated_at, datetime) else "")])


def test_sorting_with_a_filter_on_shows_the_passing_cases_in_the_new_order(qtbot):
    view = CaseListView()
    qtbot.addWidget(view)
    rows = [summary(n, n) if n % 3 else replace(summary(n, n), status=CaseStatus.CLOSED)
            for n in range(12)]
    view.set_cases(rows)
    view.open_only.setChecked(True)
    view.table.sortByColumn(REFERENCE, Qt.SortOrder.AscendingOrder)
    shown = [view.model.case_at(r).id for r in range(view.model.rowCount())]
    assert shown == [f"id-{n}" for n in range(12) if n % 3]
    view.open_only.setChecked(False)
    assert [view.model.case_at(r).id for r in range(view.model.rowCount())] == [
        f"id-{n}" for n in range(12)]


@pytest.mark.parametrize("column, order", [
    (REFERENCE, Qt.SortOrder.AscendingOrder), (HOUSEHOLD, Qt.SortOrder.DescendingOrder),
    (UPDATED, Qt.SortOrder.AscendingOrder)])
def test_the_chosen_case_stays_chosen_when_the_list_is_sorted(qtbot, column, order):
    """Sorting moves the rows: the case chosen before is still the one
    chosen (and the one Enter opens), not whichever case came to its row."""
    view = CaseListView()
    qtbot.addWidget(view)
    view.set_cases([summary(n, n) for n in range(12)])
    view.select_case("id-4")
    before = view.table.currentIndex().row()
    view.table.sortByColumn(column, order)
    current = view.table.currentIndex()
    assert current.isValid() and current.row() != before
    assert view.model.data(current, ID_ROLE) == "id-4"
    assert [view.model.data(i, ID_ROLE) for i in view.table.selectionModel().selectedRows()] \
        == ["id-4"]
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == ["id-4"]
