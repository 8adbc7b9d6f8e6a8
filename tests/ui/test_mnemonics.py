"""Every Alt+letter is used once per window: on each screen of a case (every
tab and step, with drafts waiting), and in every form."""

from __future__ import annotations

import pytest

from app.forms import meldcode as meldcode_forms
from app.forms import safety as safety_forms
from app.services import meldcode as meldcode_service
from app.ui.case_controller import person_context
from app.ui.qt_i18n import apply_language
from app.ui.record_dialog import RecordDialog
from tests.ui.mnemonics import clashes, mnemonic
from tests.ui.test_shell import open_demo_case, open_shell


@pytest.fixture
def shell(qtbot, tmp_path):
    window = open_shell(qtbot, tmp_path)
    yield window
    window.close()

def test_the_check_finds_a_letter_used_twice(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    for text in ("&Corrigeren", "← &Casussen", "Ge&en"):
        layout.addWidget(QPushButton(text))
    window.show()
    assert clashes(window) == {"c": ["&Corrigeren", "← &Casussen"]}
    assert mnemonic("Tom && &Jerry") == "j"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_case_screen_uses_each_letter_once(qtbot, shell, language):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    apply_language(language)
    found = {}
    for row in shell.cases.model.rows:
        shell.open_case(row.id)
        # A draft shows the "Concepten afmaken" button beside the step pages.
        meldcode_service.save_draft(shell.store, f"d-{row.id}", row.id, "signal", {})
        shell.controller.refresh()
        for tab in range(shell.case_view.workspace.count()):
            shell.case_view.workspace.setCurrentIndex(tab)
            for step in range(1, 6):
                shell.case_view.meldcode.select_step(step)
                qtbot.wait(1)
                if clash := clashes(shell):
                    found[(row.household_name, tab, step)] = clash
    shell.show_cases()
    if clash := clashes(shell):
        found["case list"] = clash
    apply_language("nl")
    assert found == {}


def test_every_form_uses_each_letter_once(qtbot, shell):
    open_demo_case(qtbot, shell, "Familie Yılmaz")
    context = person_context(shell.case_view.case)
    definitions = [*meldcode_forms.MELDCODE_FORMS.values(), meldcode_forms.QUICK_SIGNAL_FORM,
                   *safety_forms.SAFETY_FORMS.values()]
    found = {}
    for definition in definitions:
        dialog = RecordDialog(definition, context, lambda v: v, lambda r: None,
                              on_draft=lambda v: None, parent=shell)
        dialog.show()
        if clash := clashes(dialog):
            found[definition.id] = clash
        dialog.close()
        dialog.deleteLater()
    assert found == {}
