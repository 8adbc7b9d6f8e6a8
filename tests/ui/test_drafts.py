"""Drafts (concepten): none left by a form closed untouched, a word when one is
kept, and a list that tells drafts apart and lets the worker throw one away."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from app.services import meldcode as meldcode_service
from app.ui import drafts_dialog, meldcode_controller
from app.ui.record_dialog import RecordDialog
from tests.ui.test_shell import open_demo_case, open_shell, when_dialog_opens

KEPT = "Wat je typte is bewaard als concept. Maak het later af met 'Concepten afmaken'."


def _escape(qtbot, dialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def _count(shell) -> int:
    return len(meldcode_service.drafts(shell.store, shell.case_view.case.id))


@pytest.fixture
def shell(qtbot, tmp_path):
    window = open_shell(qtbot, tmp_path)
    yield window
    window.close()

def test_forms_closed_without_typing_leave_no_draft(qtbot, shell):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    before = _count(shell)
    for open_form in (lambda: shell.controller.record("signal"),
                      lambda: shell.controller.record("weighing"),
                      shell.acute, shell.quick_capture):
        when_dialog_opens(qtbot, lambda dialog: _escape(qtbot, dialog))
        open_form()
        assert _count(shell) == before
    assert shell.statusBar().currentMessage() == ""


def test_escape_after_typing_keeps_a_draft_and_says_so(qtbot, shell):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    before = _count(shell)

    def type_then_escape(dialog: RecordDialog) -> None:
        qtbot.keyClicks(dialog.form.focus_widget("facts"), "Kind had honger")
        _escape(qtbot, dialog)

    when_dialog_opens(qtbot, type_then_escape)
    shell.controller.record("signal")
    drafts = meldcode_service.drafts(shell.store, shell.case_view.case.id)
    assert len(drafts) == before + 1
    assert drafts[0].values["facts"] == "Kind had honger"
    assert shell.statusBar().currentMessage() == KEPT
    shell.lock()
    qtbot.waitUntil(lambda: shell.store is None)
    assert shell.statusBar().currentMessage() == ""


def test_the_drafts_list_tells_drafts_apart_and_discards_after_asking(qtbot, shell,
                                                                        monkeypatch):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    case = shell.case_view.case
    for facts in ("Eerste notitie over school", "Tweede notitie over de buren"):
        meldcode_service.save_draft(shell.store, facts, case.id, "quick_signal",
                                    {"facts": facts})
    answers = iter([False, True])
    monkeypatch.setattr(drafts_dialog, "confirm_discard", lambda parent, row: next(answers))
    shown: list[list[str]] = []

    class DiscardTheFirstTwice(meldcode_controller.DraftsDialog):
        def exec(self) -> int:
            shown.append([self.list.item(i).text() for i in range(self.list.count())])
            self.list.setCurrentRow(0)
            self.discard_button.click()  # "no": kept
            self.discard_button.click()  # "yes": gone
            shown.append([self.list.item(i).text() for i in range(self.list.count())])
            return 0

    monkeypatch.setattr(meldcode_controller, "DraftsDialog", DiscardTheFirstTwice)
    shell.controller.finish_drafts()
    first = shown[0]
    texts = [t for t in first if "notitie" in t]
    assert len(texts) == 2
    for text in texts:
        assert text.startswith(f"{case.reference} — Snel een signaal vastleggen — ")
    assert any(t.endswith("“Tweede notitie over de buren”") for t in texts)
    assert len(shown[1]) == len(first) - 1
    left = {d.values.get("facts") for d in meldcode_service.drafts(shell.store, case.id)}
    gone = (set(t.split("“")[1].rstrip("”") for t in texts)
            - {t.split("“")[1].rstrip("”") for t in shown[1] if "“" in t})
    assert len(gone) == 1 and not (gone & left)


def test_discreet_mode_leaves_the_first_words_out():
    row = drafts_dialog.DraftRow("d", "VW-2611-K7QD", "Signaal", "Anna zei", "3-12-26 10:00")
    assert "Anna" in row.text(False)
    assert row.text(True) == "VW-2611-K7QD — Signaal — 3-12-26 10:00"
