"""What a screen reader gets, asked in-process through QAccessible (issue 22).

* No secret field (unlock, setup, change, recovery key, export passphrase,
  the passphrase prompt) lets out what was typed: its accessible interface is
  a password field with bullets for a value and no text interface, which is
  what keeps Qt's AT-SPI bridge from sending the typed characters in its
  text events (tests/ui/test_atspi.py listens to those, over AT-SPI).
* Errors are announced, say where without a colour, and go into the field's
  description; a second try says them again.
* Dialogs have their own title; the stepper's steps are tabs; the "Acute
  onveiligheid" button is reached with Tab; Return presses a focused button.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton, QWidget

from app.config import Settings
from app.forms import tr
from app.forms.meldcode import MELDCODE_FORMS
from app.services import cases as case_service
from app.store.store import Store
from app.ui.accessibility import BULLET, SecretFieldAccessible, announcer, mark_secret
from app.ui.shell import Shell
from app.ui.widgets.passphrase_field import PassphraseField
from tests.conftest import PASSPHRASE
from tests.ui.test_accessibility import (  # noqa: F401
    demo_path,
    demo_shell,
    new_shell,
    richest_case,
    show,
)

SECRET = "Geheim wachtwoord 42!"
APP_UI = Path(__file__).resolve().parents[2] / "app" / "ui"


@pytest.fixture
def said():
    """Every announcement made while the test runs."""
    heard: list[str] = []
    announcer().said.connect(heard.append)
    yield heard
    announcer().said.disconnect(heard.append)


# -- secret fields -----------------------------------------------------------------


def assert_secret(edit: QLineEdit, typed: str) -> None:
    interface = QAccessible.queryAccessibleInterface(edit)
    assert isinstance(interface, SecretFieldAccessible)
    assert interface.role() == QAccessible.Role.EditableText
    assert interface.state().passwordEdit
    assert interface.text(QAccessible.Text.Value) == BULLET * len(typed)
    for kind in QAccessible.Text.Name, QAccessible.Text.Description, QAccessible.Text.Help:
        assert typed not in interface.text(kind)
    # Without these, the bridge sends no text-changed event and cannot be
    # asked for the text.
    assert interface.textInterface() is None
    assert interface.editableTextInterface() is None


def test_a_plain_line_edit_gives_its_text_away(qtbot):
    """The control: Qt's own interface of a password line edit has a text
    interface, which is how the typed characters reach the screen reader."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "geheim")
    interface = QAccessible.queryAccessibleInterface(edit)
    assert not isinstance(interface, SecretFieldAccessible)
    assert interface.textInterface() is not None


def test_a_passphrase_field_is_secret_also_while_shown(qtbot):
    field = PassphraseField()
    field.set_texts("Wachtwoord", "Toon", "Verberg")
    qtbot.addWidget(field)
    show(qtbot, field)
    qtbot.keyClicks(field.edit, SECRET)
    assert_secret(field.edit, SECRET)
    field.toggle.setChecked(True)  # the text on screen; still not for a screen reader
    assert field.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert_secret(field.edit, SECRET)
    interface = QAccessible.queryAccessibleInterface(field.edit)
    assert interface.text(QAccessible.Text.Name) == "Wachtwoord"
    interface.setText(QAccessible.Text.Value, "iets anders")  # not writable from outside
    assert field.text() == SECRET


def test_a_field_asked_for_before_it_was_marked_becomes_secret(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    assert QAccessible.queryAccessibleInterface(edit).textInterface() is not None
    mark_secret(edit)
    qtbot.keyClicks(edit, SECRET)
    assert_secret(edit, SECRET)


def _unlock(qtbot, tmp_path):
    from app.ui.unlock_screen import UnlockScreen

    screen = UnlockScreen()
    return screen, [screen.passphrase.edit]


def _setup(qtbot, tmp_path):
    from app.ui.setup_screen import SetupScreen

    screen = SetupScreen()
    return screen, [screen.passphrase.edit, screen.repeated.edit]


def _change(qtbot, tmp_path):
    from app.ui.passphrase_dialog import ChangePassphraseDialog

    dialog = ChangePassphraseDialog(lambda old, new, repeated: None)
    return dialog, [dialog.old.edit, dialog.new.edit, dialog.repeated.edit]


def _recovery(qtbot, tmp_path):
    from app.ui.passphrase_dialog import ChangePassphraseDialog

    dialog = ChangePassphraseDialog(lambda key, new, repeated: None, recovery=True)
    return dialog, [dialog.old.edit, dialog.new.edit, dialog.repeated.edit]


def _family_plan_export(qtbot, tmp_path):
    from app.ui.safety_export_dialog import ProtectionDialog

    dialog = ProtectionDialog(None)
    return dialog, [dialog.first.edit, dialog.second.edit]


def _handover_export(qtbot, tmp_path):
    from app.services import cases as case_service
    from app.services.demo import create_demo_store
    from app.ui.handover_dialog import HandoverDialog

    store = create_demo_store(tmp_path / "demo.db", PASSPHRASE)
    case = case_service.list_cases(store)[0]
    dialog = HandoverDialog(store, case.id)
    return dialog, [dialog.passphrase.edit, dialog.repeat.edit]


def _prompt(qtbot, tmp_path):
    from app.ui.store_actions import passphrase_prompt

    dialog = passphrase_prompt(None, "Typ je wachtwoord om een back-up te maken.")
    return dialog, [dialog.findChild(QLineEdit)]


@pytest.mark.parametrize("make", [_unlock, _setup, _change, _recovery, _family_plan_export,
                                  _handover_export, _prompt],
                         ids=lambda f: f.__name__.strip("_"))
def test_every_secret_field_keeps_what_was_typed(qtbot, tmp_path, make):
    window, edits = make(qtbot, tmp_path)
    qtbot.addWidget(window)
    show(qtbot, window)
    for edit in edits:
        edit.setFocus()
        qtbot.keyClicks(edit, SECRET)
        assert_secret(edit, SECRET)
    password_mode = [e for e in window.findChildren(QLineEdit)
                     if e.echoMode() != QLineEdit.EchoMode.Normal]
    assert set(map(id, password_mode)) <= set(map(id, edits))


# -- errors ------------------------------------------------------------------------


def test_a_wrong_passphrase_is_announced_every_time(qtbot, tmp_path: Path, demo_path,  # noqa: F811
                                                    said):
    Store.create(tmp_path / "store.db", PASSPHRASE).close()
    shell = new_shell(qtbot, tmp_path, demo_path)
    screen = shell.unlock
    for attempt in (1, 2):
        qtbot.keyClicks(screen.passphrase.edit, "niet mijn wachtwoord")
        qtbot.keyClick(screen.passphrase.edit, Qt.Key.Key_Return)
        # First that the kluis is being opened (off the UI thread), then the error.
        assert len(said) == 2 * attempt
        assert said[-2] == screen.busy.text() == "De kluis wordt geopend…"
        assert said[-1] == screen.error.text() != ""
        assert screen.error.accessibleName() == said[-1]
        assert screen.passphrase.edit.accessibleDescription() == said[-1]
        assert QApplication.focusWidget() is screen.passphrase.edit
        assert "niet mijn wachtwoord" not in said[-1]
        assert isinstance(QAccessible.queryAccessibleInterface(screen.passphrase.edit),
                          SecretFieldAccessible)
    shell.close()


def test_setup_says_that_the_two_passphrases_differ(qtbot, tmp_path: Path, demo_path,  # noqa: F811
                                                    said):
    shell = new_shell(qtbot, tmp_path, demo_path)
    setup = shell.setup
    qtbot.keyClicks(setup.passphrase.edit, "vier woorden als wachtwoord")
    qtbot.keyClicks(setup.repeated.edit, "vier woorden als wachtwoort")
    qtbot.keyClick(setup.repeated.edit, Qt.Key.Key_Return)
    assert said == ["De twee wachtwoorden zijn niet gelijk."]
    assert setup.repeated.edit.accessibleDescription() == said[0]
    assert QApplication.focusWidget() is setup.repeated.edit
    qtbot.keyClick(setup.repeated.edit, Qt.Key.Key_Return)
    assert said == ["De twee wachtwoorden zijn niet gelijk."] * 2
    assert not (tmp_path / "store.db").exists()
    shell.close()


def test_a_record_with_a_required_field_empty_says_where(qtbot, demo_shell: Shell,  # noqa: F811
                                                         said):
    from app.ui.case_controller import person_context
    from app.ui.record_dialog import RecordDialog

    case = case_service.find_case(demo_shell.store, richest_case(demo_shell).id)
    saved = []
    dialog = RecordDialog(MELDCODE_FORMS["signal"], person_context(case), lambda v: v,
                          saved.append, parent=demo_shell)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    assert dialog.windowTitle() == "Signaal vastleggen"
    for attempt in (1, 2):  # Ctrl+Enter twice on the same empty field
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        assert len(said) == attempt and saved == []
    key, question, message = dialog.form.first_error()
    field = dialog.form.focus_widget(key)
    assert QApplication.focusWidget() is field
    assert said[0] == said[1] == dialog.error.text()
    assert f"“{question}”" in said[0] and message in said[0]
    assert "rood" not in said[0] and "rode" not in said[0]
    description = field.accessibleDescription()
    assert description.startswith(message) and "Verplicht." in description
    dialog.reject()


def test_describe_again_makes_an_unchanged_description_change(qtbot):
    """A screen reader that speaks description changes (Orca 43) hears the
    same error again only if the description changes: cleared, then set."""
    from app.ui.accessibility import describe

    widget = QWidget()
    qtbot.addWidget(widget)
    seen = []
    describe(widget, "Vul dit in; dit is verplicht.")
    original = widget.setAccessibleDescription
    widget.setAccessibleDescription = lambda text: (seen.append(text), original(text))
    describe(widget, "Vul dit in; dit is verplicht.")
    assert seen == ["Vul dit in; dit is verplicht."]  # unchanged, set once: no event
    seen.clear()
    describe(widget, "Vul dit in; dit is verplicht.", again=True)
    assert seen == ["", "Vul dit in; dit is verplicht."]
    assert widget.accessibleDescription() == "Vul dit in; dit is verplicht."


# -- dialogs and the main window --------------------------------------------------


@pytest.mark.parametrize("kind", sorted(MELDCODE_FORMS))
def test_a_record_dialog_is_titled_by_its_form(qtbot, kind):
    from app.forms import FormContext
    from app.ui.record_dialog import RecordDialog

    dialog = RecordDialog(MELDCODE_FORMS[kind], FormContext(), lambda v: v, lambda r: None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == tr(MELDCODE_FORMS[kind].title) != "Veiligwijzer"
    if kind == "acute_path":
        assert dialog.windowTitle() == "Acute onveiligheid"


_BOXES = {"information", "warning", "question", "critical", "getText", "getItem",
          "getMultiLineText", "getInt", "getDouble", "getExistingDirectory",
          "getSaveFileName", "getOpenFileName"}


def _app_name_as_title() -> list[str]:
    """Calls that open a message box or input dialog, or set the title of
    anything but the main window, with the app's name as their title."""
    found = []
    for path in sorted(APP_UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name = node.func.attr
            if name in _BOXES and len(node.args) >= 2:
                title = node.args[1]
            elif name == "setWindowTitle" and node.args and path.name != "shell.py":
                title = node.args[0]
            else:
                continue
            if any(isinstance(n, ast.Constant) and n.value == "Veiligwijzer"
                   for n in ast.walk(title)):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_dialog_is_titled_just_veiligwijzer():
    assert _app_name_as_title() == []


def test_the_stepper_steps_are_tabs_with_their_state(qtbot, demo_shell: Shell):  # noqa: F811
    demo_shell.open_case(richest_case(demo_shell).id)
    view = demo_shell.case_view.meldcode
    demo_shell.case_view.workspace.setCurrentWidget(view)
    view.select_step(2)
    bar = QAccessible.queryAccessibleInterface(view.stepper.tabs)
    assert bar.role() == QAccessible.Role.PageTabList
    tabs = [bar.child(i) for i in range(bar.childCount())
            if bar.child(i).role() == QAccessible.Role.PageTab]
    assert len(tabs) == 5
    states = {"klaar", "nu aan de beurt", "nog te doen"}
    for number, tab in enumerate(tabs, start=1):
        name = tab.text(QAccessible.Text.Name)
        assert name.startswith(f"{number}. ")
        assert name.rsplit(": ", 1)[1] in states, name
        assert tab.state().selected == (number == 2)
        assert not tab.state().checkable
        actions = tab.actionInterface().actionNames()
        assert QAccessibleActionInterface.toggleAction() not in actions
    # The one action of a step shows its page.
    fifth = tabs[4].actionInterface()
    fifth.doAction(fifth.actionNames()[0])
    assert view.selected_step == 5
    assert view.stack.currentWidget() is view.pages[view.selected_step]
    assert QAccessible.queryAccessibleInterface(view.stepper.tabs).child(4).state().selected


def test_acute_is_reached_with_tab_and_return_presses_it(qtbot, demo_shell: Shell):  # noqa: F811
    from tests.ui.test_shell import when_dialog_opens

    demo_shell.open_case(richest_case(demo_shell).id)
    acute = demo_shell.commands.toolbar.widgetForAction(demo_shell.commands["acute"])
    assert isinstance(acute, QToolButton)
    demo_shell.case_view.back.setFocus()
    for _ in range(80):
        if QApplication.focusWidget() is acute:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is acute
    titles = []
    when_dialog_opens(qtbot, lambda dialog: titles.append(dialog.windowTitle()))
    qtbot.keyClick(acute, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles == ["Acute onveiligheid"], timeout=5000)


def test_return_presses_the_focused_button_in_the_main_window(qtbot,
                                                              demo_shell: Shell):  # noqa: F811
    demo_shell.open_case(richest_case(demo_shell).id)
    assert demo_shell.stack.currentWidget() is demo_shell.case_view
    demo_shell.case_view.back.setFocus()
    qtbot.keyClick(demo_shell.case_view.back, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: demo_shell.stack.currentWidget() is demo_shell.cases)


def test_return_leaves_check_boxes_to_space(qtbot, tmp_path: Path):
    from PySide6.QtWidgets import QCheckBox

    shell = Shell(tmp_path / "store.db", tmp_path / "demo.db", Settings(),
                  settings_path=tmp_path / "settings.json")
    qtbot.addWidget(shell)
    show(qtbot, shell)
    box = shell.setup.recovery
    assert isinstance(box, QCheckBox) and box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    shell.close()
