"""The first run as a worker does it, with the keyboard only:
setup → unlock → new case → the case is in the list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog

from app.config import Settings
from app.i18n import current_language
from app.services.demo import DEMO_FAMILIES
from app.ui.case_list import HOUSEHOLD
from app.ui.clipboard import copy_sensitive
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def has_focus(window) -> bool:
    """The keyboard is back in ``window`` (not in a dialog that just closed)."""
    widget = QApplication.focusWidget()
    return widget is not None and widget.window() is window


def type_into(qtbot, widget, text: str) -> None:
    """Type like a keyboard; QTest only knows ASCII, so other letters (Ş, ë)
    arrive as key events carrying their text, as an input method sends them."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         char))


def type_text(qtbot, text: str) -> None:
    type_into(qtbot, focused(), text)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def when_dialog_opens(qtbot, action) -> None:
    """Run ``action`` on the modal dialog as soon as it is shown."""
    tries = iter(range(250))

    def attempt():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            try:
                action(dialog)
            finally:
                if dialog.isVisible():  # never leave a test hanging on a modal
                    dialog.reject()
        elif next(tries, None) is not None:
            QTimer.singleShot(20, attempt)
    QTimer.singleShot(0, attempt)


def open_shell(qtbot, folder: Path) -> Shell:
    window = Shell(folder / "store.db", folder / "demo.db", Settings(),
                   settings_path=folder / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: has_focus(window))
    return window


@pytest.fixture
def recovery_keys(monkeypatch) -> list[str]:
    """The recovery keys the app showed (the dialog itself is tested apart)."""
    from app.ui.recovery_key_dialog import RecoveryKeyDialog

    shown: list[str] = []
    monkeypatch.setattr(RecoveryKeyDialog, "ask",
                        classmethod(lambda cls, key, parent=None: shown.append(key)))
    return shown


@pytest.fixture
def shell(qtbot, tmp_path: Path, recovery_keys):
    window = open_shell(qtbot, tmp_path)
    yield window
    window.close()


def household_names(shell: Shell) -> list[str]:
    model = shell.cases.model
    return [model.index(r, HOUSEHOLD).data() for r in range(model.rowCount())]


def test_setup_unlock_new_case_with_the_keyboard(qtbot, shell: Shell, recovery_keys):
    assert shell.stack.currentWidget() is shell.setup
    assert focused() is shell.setup.passphrase.edit
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is shell.setup.repeated.edit
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Return)

    assert shell.store_path.exists()
    assert len(recovery_keys) == 1, "setup offers a recovery key"
    from app.services.keys import open_with_recovery_key
    open_with_recovery_key(shell.store_path, recovery_keys[0]).close()
    assert shell.stack.currentWidget() is shell.unlock
    assert focused() is shell.unlock.passphrase.edit
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Return)
    assert shell.stack.currentWidget() is shell.cases
    assert household_names(shell) == []

    def fill(dialog):
        # The offscreen platform does not activate dialogs; type where the
        # dialog's own focus is, as a window manager would.
        assert dialog.focusWidget() is dialog.name
        type_into(qtbot, dialog.focusWidget(), "Familie Şahin")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_dialog_opens(qtbot, fill)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert shell.stack.currentWidget() is shell.case_view
    assert shell.case_view.case.household_name == "Familie Şahin"
    shell.activateWindow()  # a window manager gives focus back after a dialog
    qtbot.waitUntil(lambda: has_focus(shell))
    assert focused() is shell.case_view.add_person

    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # back, as in a browser
    assert shell.stack.currentWidget() is shell.cases
    assert household_names(shell) == ["Familie Şahin"]


def test_setup_refuses_different_passphrases(qtbot, shell: Shell):
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, PASSPHRASE + " anders")
    press(qtbot, Qt.Key.Key_Return)
    assert shell.stack.currentWidget() is shell.setup
    assert "niet gelijk" in shell.setup.error.text()
    assert not shell.store_path.exists()


def test_wrong_passphrase_gives_a_calm_message_and_another_try(qtbot, tmp_path: Path):
    from app.store.store import Store

    Store.create(tmp_path / "store.db", PASSPHRASE).close()
    window = open_shell(qtbot, tmp_path)
    assert window.stack.currentWidget() is window.unlock
    type_text(qtbot, "dit is het niet")
    press(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.unlock
    assert "klopt niet" in window.unlock.error.text()
    assert window.unlock.passphrase.text() == ""
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.cases
    window.close()


def test_demo_store_is_separate_and_marked(qtbot, shell: Shell):
    qtbot.mouseClick(shell.setup.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.store is not None, timeout=15000)
    assert shell.store.path == shell.demo_path
    assert not shell.store_path.exists(), "a demo never creates the real store"
    assert shell.banner.isVisible() and "DEMO" in shell.banner.text()
    assert set(household_names(shell)) == {f.household_name for f in DEMO_FAMILIES}


def test_language_switches_at_once_and_is_remembered(qtbot, shell: Shell, tmp_path: Path):
    # The switch works before unlocking too: the shell still shows the setup screen.
    assert shell.setup.create_button.text() == "&Kluis maken"

    def choose_english(dialog):
        combo = dialog.language
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert current_language() == "en"
        assert dialog.windowTitle() == "Settings"
        dialog.reject()

    when_dialog_opens(qtbot, choose_english)
    shell.open_settings()
    assert shell.setup.create_button.text() == "&Create vault"
    assert shell.windowTitle() == "Veiligwijzer"
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved == {"language": "en", "idle_lock_minutes": 5}
    assert Settings.load(tmp_path / "settings.json").language == "en"


def test_lock_clears_the_screens(qtbot, shell: Shell):
    qtbot.mouseClick(shell.setup.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.store is not None, timeout=15000)
    copy_sensitive("Familie Yılmaz")  # copied a moment ago, not yet cleared
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.store is None
    assert shell.stack.currentWidget() is shell.unlock
    assert shell.cases.model.rowCount() == 0
    assert shell.case_view.case is None
    assert QApplication.clipboard().text() == ""


def open_demo_case(qtbot, shell: Shell, household: str) -> None:
    """Start the demo from the setup screen and open the case of ``household``."""
    qtbot.mouseClick(shell.setup.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.store is not None, timeout=15000)
    case_id = next(row.id for row in shell.cases.model.rows if row.household_name == household)
    shell.open_case(case_id)


def test_lock_empties_the_safety_plan_tab(qtbot, shell: Shell):
    open_demo_case(qtbot, shell, "Familie Yılmaz")  # it has a phase-1 safety plan
    safety = shell.case_view.safety
    models = (safety.conditions, safety.items, safety.network, safety.signals, safety.contacts)
    assert sum(m.rowCount() for m in models) > 0  # the demo's phase-1 plan is shown
    assert safety.concern.text() and safety.scale_person.count()
    assert any(box.accessibleName().endswith("huidige fase")
               for box in safety.timeline.boxes.values())

    shell.lock()
    qtbot.waitUntil(lambda: shell.store is None)
    assert [m.rowCount() for m in models] == [0] * len(models)
    assert not safety.concern.text() and not safety.guidance.text()
    assert safety.scale_person.count() == 0 and safety.chart.worker == []
    assert safety.conditions.plan is None
    assert not any(box.accessibleName().endswith("huidige fase")
                   for box in safety.timeline.boxes.values())


def test_discreet_mode_hides_the_workers_judgements_in_the_safety_plan(qtbot, shell: Shell):
    from app.ui.safety_view import PROFILE_TAB

    open_demo_case(qtbot, shell, "Familie Yılmaz")  # it has a phase-1 safety plan
    shell.case_view.workspace.setCurrentWidget(shell.case_view.safety)
    safety = shell.case_view.safety
    people = lambda: [safety.scale_person.itemText(i)  # noqa: E731
                      for i in range(safety.scale_person.count())]
    assert safety.warning.isVisible() and safety.concern_box.isVisible()
    assert "Şükran Yılmaz" in people()

    shell.set_discreet(True)
    assert not safety.warning.isVisible() and not safety.concern_box.isVisible()
    assert not safety.tabs.isTabVisible(PROFILE_TAB)
    assert "Ş. Y." in people() and "Şükran Yılmaz" not in people()
    assert all(label != "Şükran Yılmaz" for _pid, label in shell.safety_controller.context().people)

    shell.set_discreet(False)
    assert safety.warning.isVisible() and safety.tabs.isTabVisible(PROFILE_TAB)
    assert "Şükran Yılmaz" in people()

def test_close_a_case_with_the_kind_of_help_then_reopen_it(qtbot, shell: Shell, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.cases.model import CaseStatus
    from app.services.retention import case_type_of

    qtbot.mouseClick(shell.setup.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.store is not None, timeout=15000)
    shell.open_case(shell.cases.model.rows[0].id)
    button = shell.case_view.case_buttons["close_or_reopen"]
    assert button.text() == "Casus afsluiten…"
    explained = []

    def choose_adult_support(dialog):
        explained.append(dialog.explanation.text())  # youth help until chosen otherwise
        dialog.buttons["adult"].setChecked(True)
        explained.append(dialog.explanation.text())
        dialog.accept()

    when_dialog_opens(qtbot, choose_adult_support)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert ["20 jaar" in explained[0], "15 jaar" in explained[1]] == [True, True]
    case = shell.case_view.case
    assert case.status == CaseStatus.CLOSED and case_type_of(shell.store, case.id) == "adult"
    assert button.text() == "Casus heropenen"

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shell.case_view.case.status == CaseStatus.OPEN
    assert button.text() == "Casus afsluiten…"

def test_case_list_model_passes_the_model_tester(qtbot, qtmodeltester, tmp_path: Path):
    from app.services.cases import list_cases
    from app.services.demo import create_demo_store
    from app.ui.case_list import CaseListView

    with create_demo_store(tmp_path / "d.db", PASSPHRASE) as store:
        rows = list_cases(store)
    view = CaseListView()
    view.set_cases(rows)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.model)
    view.filter.setText("nguy")
    view._typing.timeout.emit()  # the typing pause
    assert view.model.rowCount() == 1


def test_the_selected_case_stays_selected_while_the_list_is_filtered(qtbot, tmp_path: Path):
    from app.services.cases import list_cases
    from app.services.demo import create_demo_store
    from app.ui.case_list import CaseListView

    with create_demo_store(tmp_path / "d.db", PASSPHRASE) as store:
        rows = list_cases(store)
    view = CaseListView()
    qtbot.addWidget(view)
    view.set_cases(rows)
    names = [view.model.index(r, HOUSEHOLD).data() for r in range(view.model.rowCount())]
    view.table.setCurrentIndex(view.model.index(names.index("Familie Nguyễn"), HOUSEHOLD))
    for text in ("fam", "nguy", ""):
        view.filter.setText(text)
        view._typing.timeout.emit()  # the typing pause
        assert view.table.currentIndex().data() == "Familie Nguyễn", text
    assert view.model.rowCount() == len(rows)


def test_household_and_record_models_pass_the_model_tester(qtbot, qtmodeltester, tmp_path: Path):
    from app.services import meldcode
    from app.services.cases import list_cases, open_case
    from app.services.demo import create_demo_store
    from app.ui.case_view import HouseholdModel
    from app.ui.meldcode_view import RecordTableModel
    from app.ui.record_summary import rows_for_step

    with create_demo_store(tmp_path / "d.db", PASSPHRASE) as store:
        case = open_case(store, list_cases(store)[0].id)
        records = meldcode.load_records(store, case.id)
    household = HouseholdModel()
    household.set_rows(case.people)
    qtmodeltester.check(household)
    assert household.rowCount() == len(case.people) > 0
    rows = RecordTableModel()
    rows.set_rows(rows_for_step(1, records))
    qtmodeltester.check(rows)


def test_search_as_you_type_filters_the_case_list(qtbot, shell: Shell):
    qtbot.mouseClick(shell.setup.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.store is not None, timeout=15000)
    shell.cases.filter.setFocus()
    type_text(qtbot, "kring")  # a word from the facts of a Yılmaz signal
    qtbot.waitUntil(lambda: household_names(shell) == ["Familie Yılmaz"])  # once typing pauses
    tip = shell.cases.model.index(0, HOUSEHOLD).data(Qt.ItemDataRole.ToolTipRole)
    assert "«kring»" in tip
    shell.cases.filter.clear()
    type_text(qtbot, "olena")  # Олена is not matched; a Latin name is
    qtbot.waitUntil(lambda: household_names(shell) == [])
    shell.cases.filter.clear()
    type_text(qtbot, "nguyen")
    qtbot.waitUntil(lambda: household_names(shell) == ["Familie Nguyễn"])
