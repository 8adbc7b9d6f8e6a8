"""What the case list draws: the texts and looks Qt reads through
``multiData`` (one call per cell, as Qt draws) are the ones ``data`` gives,
and they follow a changed case, the discreet mode and a new day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from app.cases.model import CaseStatus, CaseSummary
from app.ui.case_list import COLUMNS, HOUSEHOLD, NEXT_DUE, CaseListView, CaseTableModel


def _row(ref: str, due: date | None, status: CaseStatus = CaseStatus.OPEN,
         name: str = "Familie de Vries") -> CaseSummary:
    return CaseSummary(ref, ref, name, status, 2, 3, due, datetime(2026, 1, 1, 9, 30, tzinfo=UTC))


def _drawn(model: CaseTableModel, row: int, column: int) -> QStyleOptionViewItem:
    """The cell as the table's delegate prepares it for drawing."""
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, model.index(row, column))
    return option


def test_every_cell_is_drawn_as_data_answers(qtbot):
    today = date.today()
    model = CaseTableModel()
    model.set_cases([_row("late", today - timedelta(days=3)),
                     _row("soon", today + timedelta(days=3)),
                     _row("closed", today - timedelta(days=3), CaseStatus.CLOSED),
                     _row("none", None)])
    for r in range(model.rowCount()):
        for column in range(len(COLUMNS)):
            index, option = model.index(r, column), _drawn(model, r, column)
            assert option.text == index.data()
            font = index.data(Qt.ItemDataRole.FontRole)
            assert option.font.bold() == (font is not None and font.bold())
            colour = index.data(Qt.ItemDataRole.ForegroundRole)
            if colour is not None and not isinstance(colour, Qt.GlobalColor):
                assert option.palette.color(QPalette.ColorRole.Text) == colour
    late = model.row_of("late")
    assert _drawn(model, late, NEXT_DUE).text.endswith(" (te laat)")
    assert _drawn(model, late, NEXT_DUE).font.bold()
    assert not _drawn(model, model.row_of("soon"), NEXT_DUE).font.bold()


def test_cells_follow_a_changed_case_the_discreet_mode_and_a_new_day(qtbot):
    view = CaseListView()
    qtbot.addWidget(view)
    tomorrow = date.today() + timedelta(days=1)
    case = _row("c1", tomorrow)
    view.set_cases([case, _row("c2", None, name="Familie Bakker")])
    row = view.model.row_of("c1")
    assert _drawn(view.model, row, HOUSEHOLD).text == "Familie de Vries"

    view.set_cases([replace(case, household_name="Familie Jansen"),
                    _row("c2", None, name="Familie Bakker")])
    row = view.model.row_of("c1")
    assert _drawn(view.model, row, HOUSEHOLD).text == "Familie Jansen"

    view.set_discreet(True, "c1")
    assert _drawn(view.model, view.model.row_of("c1"), HOUSEHOLD).text == "F. J."
    view.set_discreet(False)
    assert _drawn(view.model, view.model.row_of("c1"), HOUSEHOLD).text == "Familie Jansen"

    # The due date of tomorrow is late once the day after has come.
    assert "te laat" not in _drawn(view.model, view.model.row_of("c1"), NEXT_DUE).text
    view.model._today = tomorrow - timedelta(days=1)  # the cells were made yesterday …
    view.model._day_seen -= 1  # … and the date was last looked at a second ago
    later = tomorrow + timedelta(days=1)

    class Later(date):
        @classmethod
        def today(cls):
            return later

    import app.ui.case_list as case_list
    saved, case_list.date = case_list.date, Later
    try:
        assert _drawn(view.model, view.model.row_of("c1"), NEXT_DUE).text.endswith(" (te laat)")
    finally:
        case_list.date = saved
