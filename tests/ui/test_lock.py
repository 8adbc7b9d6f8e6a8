"""Locking (on demand or when idle) hides everything and drops the store;
unlocking returns to the same place with nothing lost."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import meldcode as meldcode_service
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.ui.test_meldcode_flow import (  # noqa: F401 - fixture
    Keyboard,
    open_with_keyboard,
    press_button,
    world,
)
from tests.ui.test_shell import has_focus, press, type_text, when_dialog_opens


def test_idle_lock_while_typing_keeps_the_draft_and_returns_to_the_case(qtbot, world):  # noqa: F811
    shell, case, _acute, _m, _c = world
    open_with_keyboard(qtbot, shell, case.id)
    shell.case_view.meldcode.select_step(2)

    def type_then_walk_away(dialog):
        keys = Keyboard(qtbot, dialog)
        keys.type("advice", "Bel morgen de school")
        shell.idle.idle.emit()  # the idle time has passed

    when_dialog_opens(qtbot, type_then_walk_away)
    press_button(qtbot, shell.case_view.meldcode.pages[2].buttons["consultation"])
    qtbot.waitUntil(lambda: shell.store is None)
    assert shell.stack.currentWidget() is shell.unlock
    assert shell.case_view.case is None
    assert all(page.model.rowCount() == 0 for page in shell.case_view.meldcode.pages.values())
    with Store.open(shell.store_path, PASSPHRASE) as store:
        drafts = meldcode_service.drafts(store, case.id)
    assert [d.values.get("advice") for d in drafts] == ["Bel morgen de school"]

    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Return)
    assert shell.stack.currentWidget() is shell.case_view
    assert shell.case_view.case.id == case.id
    assert int(shell.case_view.meldcode.selected_step) == 2
    assert shell.case_view.meldcode.drafts_button.isVisible()


def test_ctrl_l_locks_at_once(qtbot, world):  # noqa: F811
    shell, case, _acute, _m, _c = world
    shell.open_case(case.id)
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.store is None and not shell.commands["backup"].isEnabled()
    assert shell.cases.model.rowCount() == 0
