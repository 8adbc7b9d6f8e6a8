"""Switching the language retranslates every open screen at once: the case with
its records and due dates, and a form that is open."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QLabel

from app.forms import meldcode as meldcode_forms
from app.ui.case_controller import person_context
from app.ui.qt_i18n import apply_language
from app.ui.record_dialog import RecordDialog
from app.ui.settings_dialog import SettingsDialog
from tests.ui.dutch_left import dutch_texts
from tests.ui.test_shell import open_demo_case, open_shell


@pytest.fixture
def shell(qtbot, tmp_path):
    window = open_shell(qtbot, tmp_path)
    yield window
    window.close()
    apply_language("nl")


@pytest.mark.parametrize("household", ["Familie van Dijk", "Familie Коваленко"])
def test_every_open_screen_follows_a_switch_to_english(qtbot, shell, household):
    open_demo_case(qtbot, shell, household)
    assert dutch_texts(shell)  # the check sees Dutch while the app is Dutch
    dialog = RecordDialog(meldcode_forms.MELDCODE_FORMS["signal"],
                          person_context(shell.case_view.case), lambda v: v, lambda r: None,
                          on_draft=lambda v: None, parent=shell)
    qtbot.addWidget(dialog)
    dialog.show()
    found = {}
    apply_language("en")  # no event loop turn: the switch is done when this returns
    for tab in range(shell.case_view.workspace.count()):
        shell.case_view.workspace.setCurrentIndex(tab)
        for step in range(1, 6):
            shell.case_view.meldcode.select_step(step)
            if left := dutch_texts(shell):
                found[(tab, step)] = left
    assert found == {}
    assert dutch_texts(dialog) == set()


def _cut_off(dialog) -> list[str]:
    cut = []
    for label in dialog.findChildren(QLabel):
        if not (label.isVisible() and label.text()):
            continue
        needed = (label.heightForWidth(label.width()) if label.wordWrap()
                  else label.sizeHint().height())
        if label.height() < needed or (not label.wordWrap()
                                       and label.width() < label.sizeHint().width()):
            cut.append(label.text())
    return cut


def test_the_settings_text_is_not_cut_off_after_a_switch(qtbot):
    dialog = SettingsDialog(lambda chosen: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _cut_off(dialog) == []
    try:
        for language in ("en", "nl", "en"):
            apply_language(language)
            qtbot.wait(10)  # the dialog fits itself to the new texts on the next turn
            assert _cut_off(dialog) == [], language
    finally:
        apply_language("nl")
