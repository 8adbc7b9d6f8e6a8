"""Figures readable at a glance, and overdue dates marked in the case list
(not by colour alone)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt

from app.cases.model import CaseStatus, CaseSummary
from app.ui.case_list import NEXT_DUE, CaseTableModel
from app.ui.widgets.figure_button import NUMBER_SCALE, FigureButton


def _row(ref: str, due: date | None, status: CaseStatus = CaseStatus.OPEN) -> CaseSummary:
    return CaseSummary(ref, ref, "Familie " + ref, status, 1, None, due,
                       datetime(2026, 1, 1, tzinfo=UTC))


def test_overdue_dates_are_marked_in_the_case_list(qtbot):
    today = date.today()
    model = CaseTableModel()
    model.set_cases([_row("late", today - timedelta(days=3)),
                     _row("soon", today + timedelta(days=3)),
                     _row("closed", today - timedelta(days=3), CaseStatus.CLOSED),
                     _row("none", None)])
    cells = {model.case_at(r).id: model.index(r, NEXT_DUE) for r in range(model.rowCount())}
    late = cells["late"]
    assert late.data().startswith("⚠ ") and late.data().endswith(" (te laat)")
    assert late.data(Qt.ItemDataRole.FontRole).bold()
    assert late.data(Qt.ItemDataRole.ForegroundRole) is not None
    for calm in ("soon", "closed"):
        assert "te laat" not in cells[calm].data()
        assert cells[calm].data(Qt.ItemDataRole.FontRole) is None
    assert cells["none"].data() == "–"


def test_a_figure_shows_its_number_large(qtbot):
    button = FigureButton()
    qtbot.addWidget(button)
    button.setText("12\nTermijn verlopen")
    assert button.text() == "12\nTermijn verlopen"  # what keyboard users and readers get
    assert button.number_font().pointSizeF() == button.font().pointSizeF() * NUMBER_SCALE
    assert button.number_font().bold()
    hint = button.sizeHint()
    assert hint.height() >= button.fontMetrics().height() * (NUMBER_SCALE + 2)
    button.resize(hint)
    button.show()
    assert not button.grab().isNull()
