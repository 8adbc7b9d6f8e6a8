"""Discreet mode walked widget by widget, on the demo's Yılmaz household (two
parents, two children, signals, risks, a kindcheck and a safety plan).

Every screen, tab, step page, form and dialog that can be reached in discreet
mode is read as a person or a screen reader would (``tests.ui.discreet_walk``)
and must show no name, date of birth, vocabulary label, five words in a row of
a signal's facts, or another case. Turning discreet mode off must give back
every screen exactly as it was. The walk is shown to catch a leak planted in
each channel it reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.cases.model import Role
from app.config import Settings
from app.meldcode.steps import Step
from app.services import meldcode as meldcode_service
from app.services.demo import create_demo_store
from app.ui import discreet
from app.ui.safety_view import ACTIONS
from app.ui.shell import DEMO_PASSPHRASE, Shell
from tests.ui.discreet_walk import forbidden, leaks, screen_state, seen
from tests.ui.test_shell import has_focus, press, when_dialog_opens

HOUSEHOLD = "Familie Yılmaz"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo_store(path, DEMO_PASSPHRASE).close()
    return path


@pytest.fixture
def shell(qtbot, tmp_path: Path, demo_path: Path):
    window = Shell(tmp_path / "store.db", demo_path, Settings(),
                   settings_path=tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.setup.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.store is not None, timeout=15000)
    case_id = next(r.id for r in window.cases.model.rows if r.household_name == HOUSEHOLD)
    window.open_case(case_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: has_focus(window))
    yield window
    window.close()


def screens(shell: Shell):
    """Show each screen of the open case in turn; yields its name."""
    view = shell.case_view
    view.workspace.setCurrentIndex(0)
    for step in Step:
        view.meldcode.select_step(int(step))
        yield f"step {int(step)}"
    view.workspace.setCurrentIndex(1)
    tabs = view.safety.tabs
    for index in range(tabs.count()):
        if tabs.isTabVisible(index):
            tabs.setCurrentIndex(index)
            yield f"safety tab {index}"
    view.safety.tabs.setCurrentIndex(0)
    view.workspace.setCurrentIndex(0)
    view.meldcode.select_step(1)
    shell.show_cases()
    yield "case list"
    shell.open_case(view.case.id)


def states(shell: Shell) -> dict[str, list]:
    return {name: screen_state(shell) for name in screens(shell)}


def set_discreet(qtbot, shell: Shell, on: bool) -> None:
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert shell.discreet is on


def walk_dialog(qtbot, trigger, found: list[str], needles, what: str) -> None:
    """Open a modal dialog with ``trigger`` and read everything it shows."""
    opened: list[str] = []

    def read(dialog: QWidget) -> None:
        opened.append(dialog.windowTitle())
        found.extend(f"{what}: {leak}" for leak in leaks(seen(dialog), needles))
        dialog.reject()

    when_dialog_opens(qtbot, read)
    trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert opened, f"{what}: no dialog opened"


def test_discreet_mode_shows_nothing_that_identifies_or_judges(qtbot, shell: Shell,
                                                              monkeypatch):
    needles = forbidden(shell.store, shell.case_view.case.id)
    kinds = {n.kind for n in needles}
    # The case is rich enough for the walk to mean something.
    assert {"name", "date of birth", "vocabulary", "facts", "other case"} <= kinds
    plain = {name: leaks(state, needles) for name, state in states(shell).items()}
    # Outside discreet mode the walk does see the family (else it could see no leak).
    assert plain["step 1"] and plain["safety tab 0"] and plain["case list"]

    set_discreet(qtbot, shell, True)
    found = [f"{name}: {leak}" for name in screens(shell)
             for leak in leaks(seen(shell), needles)]
    view = shell.case_view
    meldcode = view.meldcode.pages[Step.MAP_SIGNALS]
    signal_id = meldcode_service.load_records(shell.store, view.case.id).signals[0].id

    # The dialogs that do open in discreet mode.
    walk_dialog(qtbot, lambda: shell.controller.handle("history_selected", signal_id),
                found, needles, "history")
    walk_dialog(qtbot, shell.quick_capture, found, needles, "quick note")
    walk_dialog(qtbot, shell.acute, found, needles, "acute path")
    view.workspace.setCurrentIndex(1)
    for action in sorted(discreet.SAFETY_ALLOWED):
        walk_dialog(qtbot, view.safety.buttons[action].click, found, needles, action)
    # Everything else says it waits, in a message that itself names nothing.
    refused: list[str] = []
    monkeypatch.setattr(discreet, "say_not_in_discreet",
                        lambda parent: refused.append(discreet.not_in_discreet_text()))
    for action in ACTIONS:
        if action not in discreet.SAFETY_ALLOWED and not action.endswith("_selected"):
            view.safety.buttons[action].click()
    view.workspace.setCurrentIndex(0)
    for step, page in view.meldcode.pages.items():
        view.meldcode.select_step(int(step))
        for action, button in page.buttons.items():
            if action.endswith("_selected"):
                page.table.selectRow(0)
            if action not in discreet.MELDCODE_ALLOWED and button.isEnabled():
                button.click()
    for action in ("handover", "client_copy", "vt_feedback"):
        view.case_buttons[action].click()
    assert len(refused) >= 15 and meldcode.model.rowCount() > 0
    assert leaks([("message", refused[0])], needles) == []
    assert found == []


def test_turning_discreet_mode_off_gives_every_screen_back(qtbot, shell: Shell):
    before = states(shell)
    set_discreet(qtbot, shell, True)
    hidden = states(shell)
    assert hidden != before
    assert not shell.case_view.safety.tabs.isTabVisible(2)
    set_discreet(qtbot, shell, False)
    after = states(shell)
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    # The family-profile tab is back and can be chosen.
    assert shell.case_view.safety.tabs.isTabVisible(2)


@pytest.mark.parametrize("plant", [
    "tooltip", "accessible description", "label", "model row", "window title", "tab text",
])
def test_the_walk_finds_a_leak_planted_in_each_channel(qtbot, shell: Shell, plant: str):
    """Without this the walk above could pass by reading nothing."""
    needles = forbidden(shell.store, shell.case_view.case.id)
    set_discreet(qtbot, shell, True)
    view = shell.case_view
    assert leaks(seen(shell), needles) == []
    child = next(p for p in view.case.people if p.role == Role.CHILD)
    signal = meldcode_service.load_records(shell.store, view.case.id).signals[0].current
    five_words = " ".join(signal.facts.split()[:5])
    if plant == "tooltip":
        view.add_person.setToolTip(f"Voor {child.name.split()[0]}")
    elif plant == "accessible description":
        view.table.setAccessibleDescription(child.date_of_birth.isoformat())
    elif plant == "label":
        view.meldcode.drafts_label.setText(five_words.upper())
    elif plant == "model row":
        view.meldcode.pages[Step.MAP_SIGNALS].model.discreet = False
    elif plant == "window title":
        shell.setWindowTitle(next(iter(signal.forms)).label)
    else:
        view.workspace.setTabText(1, "Familie Kowalski / de Groot")
    assert leaks(seen(shell), needles) != []


def test_the_profile_tab_comes_back_after_a_lock_in_discreet_mode(qtbot, shell: Shell,
                                                                   demo_path: Path):
    view = shell.case_view
    set_discreet(qtbot, shell, True)
    shell.lock()
    qtbot.waitUntil(lambda: shell.store is None)
    shell._unlock_path(demo_path, DEMO_PASSPHRASE)  # back where the worker was
    assert shell.discreet and view.case is not None
    assert not view.safety.tabs.isTabVisible(2)
    set_discreet(qtbot, shell, False)
    view.workspace.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.safety.tabs.tabBar().tabRect(2).width() > 0)
    assert view.safety.tabs.tabText(2) == "Gezinsprofiel"
