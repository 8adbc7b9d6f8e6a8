"""Rows that changed put in at their places (``merged_in``, back to the case
list, issue 17) give what sorting a full read gives, for every column and
both orders, also among rows that sort the same; times that cannot be
compared are sorted as a full read sorts them."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from PySide6.QtCore import Qt

from app.cases.model import CaseStatus, CaseSummary
from app.ui.case_list import COLUMNS, UPDATED, merged_in, sorted_cases

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _case(rng: random.Random, n: int) -> CaseSummary:
    # Few values per column: many rows sort the same, in every column.
    return CaseSummary(
        f"{rng.randrange(16**8):08x}-{n}", f"VW-{rng.randrange(5):05d}",
        rng.choice(["Familie Bakker", "familie bakker", "Familie Yılmaz"]),
        rng.choice(list(CaseStatus)), rng.randrange(1, 4), rng.choice([None, 1, 2]),
        rng.choice([None, START.date(), START.date() + timedelta(days=3)]),
        START + timedelta(seconds=rng.randrange(4)))


def _full_read(cases: list[CaseSummary], column: int, order: Qt.SortOrder):
    """As the app reads the list: the store's order, then the list's sort."""
    stored = sorted(cases, key=lambda c: (c.updated_at, c.id), reverse=True)
    return sorted_cases(stored, column, order)


@pytest.mark.parametrize("order", [Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder])
@pytest.mark.parametrize("column", range(len(COLUMNS)))
@pytest.mark.parametrize("seed", range(5))
def test_merged_rows_sit_where_a_full_read_puts_them(seed, column, order):
    rng = random.Random(seed)
    cases = [_case(rng, n) for n in range(60)]
    shown = _full_read(cases, column, order)
    changed = rng.sample(cases, 8)  # the first two go (erased, or hidden)
    edited = [replace(c, updated_at=START + timedelta(seconds=rng.randrange(5)),
                      current_step=rng.randrange(1, 4)) for c in changed[2:6]]
    new = [_case(rng, n) for n in range(60, 63)]
    ids = {c.id for c in changed}
    now = [c for c in cases if c.id not in ids] + edited + new
    merged = merged_in([c for c in shown if c.id not in ids], edited + new, column, order)
    assert merged == _full_read(now, column, order)


def test_times_of_mixed_kinds_are_sorted_as_a_full_read_sorts_them():
    rng = random.Random(7)
    cases = [_case(rng, n) for n in range(10)]
    naive = replace(_case(rng, 10), updated_at=datetime(2026, 3, 1, 13, 0))
    order = Qt.SortOrder.DescendingOrder
    assert merged_in(_full_read(cases, UPDATED, order), [naive], UPDATED, order) \
        == sorted_cases(_full_read(cases, UPDATED, order) + [naive], UPDATED, order)


def test_more_changes_than_edits_are_one_reset_with_every_row(qtbot):
    """After unlocking, the first rows become every case: one reset, the
    rows in the planned order."""
    from app.ui.case_list import MAX_EDITS, CaseTableModel
    from tests.ui.test_background_reads import Recorder, summary

    model = CaseTableModel()
    model.set_cases([summary(n, n) for n in range(MAX_EDITS + 10, MAX_EDITS + 5, -1)])
    recorder = Recorder(model)
    every = [summary(n, n) for n in range(MAX_EDITS + 10)]
    model.apply(model.planner()(every))
    assert recorder.events == [("reset",)]
    assert [model.case_at(r).id for r in range(model.rowCount())] == [
        f"id-{n}" for n in range(MAX_EDITS + 9, -1, -1)]
