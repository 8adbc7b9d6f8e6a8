"""The overview opens the cases behind each figure; a decision can be reviewed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import overview as overview_service
from app.ui.case_list import ID_ROLE
from tests.ui.test_meldcode_flow import (  # noqa: F401
    choose_step,
    fill,
    open_with_keyboard,
    press_button,
    world,
)
from tests.ui.test_shell import has_focus, press


def shown_ids(shell) -> set[str]:
    model = shell.cases.model
    return {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())}


def test_figures_open_the_cases_behind_them(qtbot, world):  # noqa: F811
    shell, case, acute, _m, _c = world
    shell.activateWindow()
    qtbot.waitUntil(lambda: has_focus(shell))
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    assert shell.stack.currentWidget() is shell.dashboard
    button = shell.dashboard.buttons["no_kindcheck"]
    assert button.text().startswith("2\n")
    press_button(qtbot, button)
    assert shell.stack.currentWidget() is shell.cases
    assert shown_ids(shell) == {case.id, acute.id}
    assert shell.cases.only_label.isVisible()
    press_button(qtbot, shell.cases.show_all_button)
    assert not shell.cases.only_label.isVisible()

    shell.show_overview()
    shell.dashboard.steps_chart.setFocus()
    qtbot.keyClick(shell.dashboard.steps_chart, Qt.Key.Key_Return)  # step 1 bar
    assert shown_ids(shell) == {case.id, acute.id}


def test_a_decision_is_reviewed_with_a_comment(qtbot, world, monkeypatch):  # noqa: F811
    from app.ui import meldcode_controller

    shell, _case, acute, _m, _c = world
    open_with_keyboard(qtbot, shell, acute.id)
    fill(qtbot, lambda k: (k.type("reason", "Vader dreigt met een mes."),
                           k.tick("contacted", "Politie")))
    shell.acute()
    fill(qtbot, lambda k: k.choose("client_informed", True))
    page = shell.case_view.meldcode.pages[5]
    choose_step(qtbot, shell, 5)
    press_button(qtbot, page.buttons["decision"])
    assert overview_service.team_overview(shell.store).lists["not_reviewed"] == (acute.id,)

    monkeypatch.setattr(meldcode_controller, "ask_review_comment",
                        lambda parent: "Besproken op 25-11: melding was terecht.")
    press_button(qtbot, page.buttons["review"])
    assert overview_service.team_overview(shell.store).lists["not_reviewed"] == ()
    titles = [page.model.index(r, 1).data() for r in range(page.model.rowCount())]
    assert "Besproken met teamleider" in titles
    reviews = overview_service.case_reviews(shell.store, acute.id)
    assert [r.comment for r in reviews] == ["Besproken op 25-11: melding was terecht."]
