"""A case walked through all five meldcode steps, and once along the acute
path, with the keyboard: buttons are pressed with Space, answers typed, choices
made with the arrow keys and Space, records saved with Ctrl+Enter."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget

from app.cases.model import Role
from app.config import Settings
from app.meldcode import WeighingOutcomeKind
from app.meldcode.progress import StepState
from app.meldcode.vocabulary import ViolenceForm
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.store.store import Store
from app.ui.record_dialog import RecordDialog
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.ui.test_shell import has_focus, press, type_into, when_dialog_opens


class Keyboard:
    """Fills a record dialog's form the way a worker does with the keyboard."""

    def __init__(self, qtbot, dialog: RecordDialog) -> None:
        self.qtbot, self.dialog, self.form = qtbot, dialog, dialog.form
        # A window manager activates a new dialog; the offscreen platform does not.
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)

    def focus(self, key: str):
        widget = self.form.focus_widget(key)
        assert self.form.is_field_visible(key), f"{key} is not shown"
        widget.setFocus()  # as Alt+<letter> on the field's label does
        return widget

    def type(self, key: str, text: str) -> None:
        type_into(self.qtbot, self.focus(key), text)

    def append(self, key: str, text: str) -> None:
        widget = self.focus(key)
        self.qtbot.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        type_into(self.qtbot, widget, text)

    def choose(self, key: str, code) -> None:
        combo: QComboBox = self.focus(key)
        for _ in range(combo.count()):
            if combo.currentData() == code:
                return
            self.qtbot.keyClick(combo, Qt.Key.Key_Down)
        raise AssertionError(f"{code!r} not offered for {key}")

    def tick(self, key: str, label: str) -> None:
        view: QListWidget = self.focus(key)
        self.qtbot.keyClick(view, Qt.Key.Key_Home)
        for _ in range(view.count()):
            if view.currentItem() is not None and view.currentItem().text() == label:
                self.qtbot.keyClick(view, Qt.Key.Key_Space)
                return
            self.qtbot.keyClick(view, Qt.Key.Key_Down)
        raise AssertionError(f"{label!r} not in {key}")

    def save(self) -> None:
        self.qtbot.keyClick(self.form.focus_widget(self.form.definition.keys[0]),
                            Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not self.dialog.isVisible(), (self.dialog.error.text(), self.form.errors())


def fill(qtbot, steps):
    """Answer the next modal dialog with ``steps(keyboard)`` and save it."""
    done = []

    def action(dialog):
        keys = Keyboard(qtbot, dialog)
        steps(keys)
        keys.save()
        done.append(True)

    when_dialog_opens(qtbot, action)
    return done


@pytest.fixture
def world(qtbot, tmp_path: Path):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        case = case_service.create_case(store, "Familie Doğan")
        mother = case_service.add_person(store, case.id, "Elif Doğan", Role.PARENT, age=34,
                                         parental_authority=True)
        child = case_service.add_person(store, case.id, "Mert Doğan", Role.CHILD, age=8)
        acute = case_service.create_case(store, "Familie Acuut")
        case_service.add_person(store, acute.id, "Sanne Acuut", Role.PARENT, age=29)
    window = Shell(tmp_path / "store.db", tmp_path / "demo.db", Settings(),
                   settings_path=tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window._unlock(PASSPHRASE)
    yield window, case, acute, mother, child
    window.close()


def press_button(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.text()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def choose_step(qtbot, shell: Shell, number: int) -> None:
    """As a keyboard user does: the step tabs take Left and Right."""
    stepper = shell.case_view.meldcode.stepper
    stepper.tabs.setFocus()
    target = stepper.index_of(number)
    for _ in range(len(stepper.numbers)):
        if stepper.tabs.currentIndex() == target:
            break
        key = Qt.Key.Key_Right if stepper.tabs.currentIndex() < target else Qt.Key.Key_Left
        qtbot.keyClick(stepper.tabs, key)
    assert shell.case_view.meldcode.selected_step == number


def open_with_keyboard(qtbot, shell: Shell, case_id: str) -> None:
    table = shell.cases.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)
    for _ in range(shell.cases.model.rowCount()):
        if table.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == case_id:
            break
        qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert shell.case_view.case.id == case_id


def test_all_five_steps_with_the_keyboard(qtbot, world):
    shell, case, _acute, mother, child = world
    open_with_keyboard(qtbot, shell, case.id)
    page = shell.case_view.meldcode.pages

    done = fill(qtbot, lambda k: (
        k.tick("concerns", "Mert Doğan"),
        k.tick("forms", ViolenceForm.WITNESSING_PARTNER_VIOLENCE.label),
        k.choose("source", "own_observation"),
        k.type("facts", "Mert zei: papa schreeuwde en gooide een bord kapot."),
        k.choose("acute_indication", False),
    ))
    press_button(qtbot, page[1].buttons["signal"])
    assert done
    fill(qtbot, lambda k: k.tick("risk_factors", "Schulden"))
    press_button(qtbot, page[1].buttons["risk_profile"])
    fill(qtbot, lambda k: (k.choose("trigger", "intake"),
                           k.choose("has_parental_problems", False)))
    press_button(qtbot, page[1].buttons["kindcheck_run"])
    progress = meldcode_service.case_progress(shell.store, case.id)
    assert progress.step(1).state == StepState.DONE, progress.step(1).missing_texts

    fill(qtbot, lambda k: (k.choose("partner", "attention_officer"),
                           k.choose("anonymous", True),
                           k.type("advice", "Bespreek de zorgen met moeder."),
                           k.choose("result", "suspicion_remains")))
    choose_step(qtbot, shell, 2)
    press_button(qtbot, page[2].buttons["consultation"])

    fill(qtbot, lambda k: (k.choose("held", True), k.tick("participants", "Elif Doğan"),
                           k.type("what_was_said", "De zorgen over Mert."),
                           k.type("client_reaction", "Moeder herkent het en wil hulp.")))
    choose_step(qtbot, shell, 3)
    press_button(qtbot, page[3].buttons["conversation"])

    fill(qtbot, lambda k: (k.choose("suspicion", True), k.choose("acute_unsafety", False),
                           k.choose("structural_unsafety", True),
                           k.type("reasoning", "Mert ziet al maanden geweld thuis.")))
    choose_step(qtbot, shell, 4)
    press_button(qtbot, page[4].buttons["weighing"])

    fill(qtbot, lambda k: k.choose("client_informed", True))
    choose_step(qtbot, shell, 5)
    press_button(qtbot, page[5].buttons["decision"])

    records = meldcode_service.load_records(shell.store, case.id)
    assert records.latest_decision.outcome == WeighingOutcomeKind.REPORT
    progress = meldcode_service.case_progress(shell.store, case.id)
    assert [s.state for s in progress.steps] == [StepState.DONE] * 5
    stepper = shell.case_view.meldcode.stepper
    assert all(stepper.tabs.tabText(i).startswith("✓") for i in range(stepper.tabs.count()))
    summary = next(s for s in case_service.list_cases(shell.store) if s.id == case.id)
    assert summary.current_step == 5 and summary.next_due is not None

    shell.activateWindow()  # back from the dialogs
    qtbot.waitUntil(lambda: has_focus(shell))
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    shown = {shell.cases.model.case_at(r).id: shell.cases.model.case_at(r)
             for r in range(shell.cases.model.rowCount())}
    assert shown[case.id].current_step == 5


def test_acute_path_goes_straight_to_reporting(qtbot, world):
    shell, _case, acute, _m, _c = world
    table = shell.cases.table
    table.setFocus()
    open_with_keyboard(qtbot, shell, acute.id)
    fill(qtbot, lambda k: (k.type("reason", "Moeder belt: vader dreigt met een mes."),
                           k.tick("contacted", "Politie")))
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    records = meldcode_service.load_records(shell.store, acute.id)
    assert len(records.acute_paths) == 1
    assert meldcode_service.case_progress(shell.store, acute.id).current_step == 5

    fill(qtbot, lambda k: k.choose("client_informed", True))
    choose_step(qtbot, shell, 5)
    press_button(qtbot, shell.case_view.meldcode.pages[5].buttons["decision"])
    records = meldcode_service.load_records(shell.store, acute.id)
    decision = records.latest_decision
    assert decision.outcome == WeighingOutcomeKind.REPORT and decision.weighing_id is None
    assert records.weighings == ()


def test_quick_capture_then_complete_into_a_signal(qtbot, world, monkeypatch):
    from app.ui import meldcode_controller

    shell, case, _acute, _m, _c = world
    open_with_keyboard(qtbot, shell, case.id)
    fill(qtbot, lambda k: k.type("facts", "Buurvrouw belde: geschreeuw om 23.00 uur."))
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    drafts = meldcode_service.drafts(shell.store, case.id)
    assert [d.kind for d in drafts] == ["quick_signal"]
    assert shell.case_view.meldcode.drafts_button.isVisible()
    assert shell.statusBar().currentMessage() == f"Bewaard als concept bij {case.reference}."

    class FinishTheFirst(meldcode_controller.DraftsDialog):
        def exec(self) -> int:
            assert self.list.item(0).text().endswith("“Buurvrouw belde: geschreeuw om 23.00 uur.”")
            self.finish_button.click()
            return self.result()

    monkeypatch.setattr(meldcode_controller, "DraftsDialog", FinishTheFirst)
    fill(qtbot, lambda k: (
        k.tick("concerns", "Elif Doğan"),
        k.tick("forms", ViolenceForm.PARTNER_VIOLENCE.label),
        k.choose("source", "told_by_someone"), k.type("source_detail", "Buurvrouw"),
        k.choose("acute_indication", False)))
    press_button(qtbot, shell.case_view.meldcode.drafts_button)
    records = meldcode_service.load_records(shell.store, case.id)
    assert [h.current.facts for h in records.signals] == [
        "Buurvrouw belde: geschreeuw om 23.00 uur."]
    assert records.signals[0].current.id == drafts[0].id
    assert meldcode_service.drafts(shell.store, case.id) == []


def test_a_corrected_signal_shows_both_versions_and_the_reason(qtbot, world, monkeypatch):
    from app.ui import meldcode_controller
    from app.ui.signal_history import history_html

    shell, case, _acute, _m, _c = world
    open_with_keyboard(qtbot, shell, case.id)
    page = shell.case_view.meldcode.pages[1]
    fill(qtbot, lambda k: (
        k.tick("concerns", "Mert Doğan"), k.tick("forms", ViolenceForm.PHYSICAL_ABUSE.label),
        k.choose("source", "own_observation"), k.type("facts", "Blauwe plek op de arm."),
        k.choose("acute_indication", False)))
    press_button(qtbot, page.buttons["signal"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home)
    monkeypatch.setattr(meldcode_controller, "ask_correction_reason",
                        lambda parent: "Het was de linkerarm, niet de rechter.")
    fill(qtbot, lambda k: k.append("facts", " Linkerarm."))
    press_button(qtbot, page.buttons["correct_selected"])

    signal_id = page.model.rows[0].record_id
    history = meldcode_service.signal_history(shell.store, signal_id)
    assert [v.signal.facts for v in history.versions] == [
        "Blauwe plek op de arm.", "Blauwe plek op de arm. Linkerarm."]
    html = history_html(history, shell.case_view.case.people)
    assert "Versie 1 (origineel)" in html and "Versie 2 (correctie)" in html
    assert "Het was de linkerarm, niet de rechter." in html
    assert "(gecorrigeerd)" in page.model.data(page.model.index(0, 1))


def test_finishing_a_step_offers_the_next_one(qtbot, world):
    """After the kindcheck completes step 1, step 2 is shown with its button in
    focus: one Space opens the consultation; then step 3 is offered."""
    shell, case, _acute, _m, _c = world
    open_with_keyboard(qtbot, shell, case.id)
    view = shell.case_view.meldcode
    fill(qtbot, lambda k: (
        k.tick("concerns", "Mert Doğan"), k.tick("forms", ViolenceForm.PHYSICAL_NEGLECT.label),
        k.choose("source", "own_observation"), k.type("facts", "Mert had geen jas aan."),
        k.choose("acute_indication", False)))
    press_button(qtbot, view.pages[1].buttons["signal"])
    assert view.selected_step == 1  # step 1 is not done yet: nothing offered
    fill(qtbot, lambda k: k.tick("risk_factors", "Schulden"))
    press_button(qtbot, view.pages[1].buttons["risk_profile"])
    fill(qtbot, lambda k: (k.choose("trigger", "intake"),
                           k.choose("has_parental_problems", False)))
    press_button(qtbot, view.pages[1].buttons["kindcheck_run"])

    assert view.selected_step == 2
    consult = view.pages[2].buttons["consultation"]
    assert shell.statusBar().currentMessage().startswith("Stap 1 is klaar. Nu stap 2: ")
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    assert QApplication.focusWidget() is consult
    fill(qtbot, lambda k: (k.choose("partner", "attention_officer"),
                           k.choose("anonymous", True),
                           k.type("advice", "Bespreek de zorgen met moeder."),
                           k.choose("result", "suspicion_remains")))
    press(qtbot, Qt.Key.Key_Space)
    assert view.selected_step == 3
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    assert QApplication.focusWidget() is view.pages[3].buttons["conversation"]
