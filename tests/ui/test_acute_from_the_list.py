"""Acute onveiligheid from the case list asks on which case (or a new one)."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from app.ui.acute_case_dialog import NEW_CASE, AcuteCaseDialog
from app.ui.new_case_dialog import NewCaseDialog
from app.ui.record_dialog import RecordDialog
from tests.ui.test_shell import open_demo_case, open_shell, when_dialog_opens


@pytest.fixture
def shell(qtbot, tmp_path):
    window = open_shell(qtbot, tmp_path)
    yield window
    window.close()


def _record_intro(qtbot, seen: list[str]):
    def look(dialog: RecordDialog) -> None:
        seen.append(dialog.intro.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    when_dialog_opens(qtbot, look)


def test_the_list_asks_which_case_with_the_selected_one_chosen(qtbot, shell, monkeypatch):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    chosen_case = shell.case_view.case
    shell.show_cases()
    asked = []

    def ask(cls, intro, cases, selected, parent=None):
        asked.append((intro, cases, selected))
        return selected

    monkeypatch.setattr(AcuteCaseDialog, "ask", classmethod(ask))
    seen: list[str] = []
    _record_intro(qtbot, seen)
    shell.acute()
    intro, cases, selected = asked[0]
    assert "112" in intro and "0800-2000" in intro  # whom to call comes first
    assert selected == chosen_case.id
    assert f"{chosen_case.reference} — Familie Yılmaz" in [c.label for c in cases]
    assert len(cases) == shell.cases.model.rowCount()
    assert shell.case_view.case.id == chosen_case.id
    assert f"Je legt dit vast bij {chosen_case.reference}." in seen[0]


def test_a_new_case_can_be_started_from_the_acute_question(qtbot, shell, monkeypatch):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    shell.show_cases()
    monkeypatch.setattr(AcuteCaseDialog, "ask", classmethod(lambda cls, *a, **k: NEW_CASE))
    monkeypatch.setattr(NewCaseDialog, "ask", classmethod(lambda cls, parent: "Familie Nieuw"))
    seen: list[str] = []
    _record_intro(qtbot, seen)
    shell.acute()
    assert shell.case_view.case.household_name == "Familie Nieuw"
    assert shell.case_view.case.reference in seen[0]


def test_cancelling_the_question_records_nothing(qtbot, shell, monkeypatch):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    shell.show_cases()
    monkeypatch.setattr(AcuteCaseDialog, "ask", classmethod(lambda cls, *a, **k: None))
    shell.acute()
    assert shell.stack.currentWidget() is shell.cases


def test_the_question_itself(qtbot):
    from app.ui.acute_case_dialog import CaseChoice

    dialog = AcuteCaseDialog("<p>Bel 112</p>", [CaseChoice("a", "VW-1 — A"),
                                                 CaseChoice("b", "VW-2 — B")], "b")
    qtbot.addWidget(dialog)
    assert dialog.choice() == "b"
    dialog.cases.setCurrentIndex(dialog.cases.count() - 1)
    assert dialog.choice() == NEW_CASE
