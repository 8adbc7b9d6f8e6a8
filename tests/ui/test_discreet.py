"""Discreet mode for home visits: initials only, no other cases, no interpretations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.cases.model import initials
from app.services import meldcode as meldcode_service
from app.ui import discreet
from app.ui.case_list import HOUSEHOLD
from app.ui.signal_history import history_html
from tests.ui.test_meldcode_flow import press_button, world  # noqa: F401 - fixture
from tests.ui.test_shell import has_focus, press, when_dialog_opens


def shown_households(shell) -> list[str]:
    model = shell.cases.model
    return [model.index(r, HOUSEHOLD).data() for r in range(model.rowCount())]


def test_initials_rule():
    assert initials("Şükran Yılmaz") == "Ş. Y."
    assert initials("Familie van Dijk") == "F. v. D."
    assert initials("") == "…"


def test_discreet_mode_hides_names_other_cases_and_interpretations(qtbot, world,  # noqa: F811
                                                                   monkeypatch):
    shell, case, acute, _mother, _child = world
    shell.open_case(case.id)
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert shell.discreet

    assert shell.case_view.title.text().startswith("F. D. ·")
    names = [shell.case_view.household.index(r, 0).data()
             for r in range(shell.case_view.household.rowCount())]
    assert names == ["E. D.", "M. D."]
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert shown_households(shell) == ["F. D."], "only the open case, as initials"

    shell.open_case(case.id)
    refused: list[QWidget] = []
    monkeypatch.setattr(discreet, "say_not_in_discreet", refused.append)
    press_button(qtbot, shell.case_view.meldcode.pages[1].buttons["signal"])
    assert refused == [shell], "the full signal form waits until discreet mode is off"
    seen = {}

    def look(dialog):
        concerns = dialog.form.focus_widget("concerns")
        seen["fields"] = [k for k in ("facts", "concerns", "interpretation", "forms")
                          if dialog.form.is_field_visible(k)]
        seen["concerns"] = [concerns.item(i).text() for i in range(concerns.count())]
        dialog.reject()

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == {"fields": ["facts", "concerns"], "concerns": ["E. D.", "M. D."]}
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))

    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not shell.discreet
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert sorted(shown_households(shell)) == ["Familie Acuut", "Familie Doğan"]


def test_history_hides_interpretation_in_discreet_mode(tmp_path):
    from datetime import UTC, datetime

    from app.cases.model import Role
    from app.meldcode.signals import Signal
    from app.meldcode.vocabulary import SourceKind, ViolenceForm
    from app.services import cases as case_service
    from app.store.store import Store
    from tests.conftest import PASSPHRASE

    with Store.create(tmp_path / "s.db", PASSPHRASE) as store:
        case = case_service.create_case(store, "Familie Test")
        person = case_service.add_person(store, case.id, "Anna Test", Role.CHILD, age=6)
        signal = Signal("sig-1", datetime(2026, 11, 1, 10, tzinfo=UTC), (person.id,),
                        frozenset({ViolenceForm.PHYSICAL_NEGLECT}), SourceKind.OWN_OBSERVATION,
                        "Geen jas in de kou.", interpretation="Mogelijk verwaarlozing.")
        meldcode_service.record_signal(store, case.id, signal)
        history = meldcode_service.signal_history(store, "sig-1")
        people = case_service.find_case(store, case.id).people
    assert "Mogelijk verwaarlozing." in history_html(history, people)
    discreet = history_html(history, people, discreet=True)
    assert "Mogelijk verwaarlozing." not in discreet and "Anna Test" not in discreet
    assert "Geen jas in de kou." not in discreet and "verwaarlozing" not in discreet.lower()
    assert "A. T." in discreet and "Geen jas in de kou." in history_html(history, people)
