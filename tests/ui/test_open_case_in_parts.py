"""Opening a case from the list (issue 17): the hidden case view is filled
in parts, an event-loop turn apart, and shown only once it is complete. A
case asked for meanwhile wins, a lock drops the one being made ready, and
the keyboard lands where it did. A page of a stack is measured only while
it is shown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cases.model import Role, new_id
from app.meldcode.signals import Signal
from app.meldcode.steps import Step
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from app.services import cases as case_service
from app.services.meldcode import record_signal
from app.store.store import Store
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.ui.shells import unlocked_shell

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget  # noqa: E402

from app.ui.widgets.stack_page import StackPage  # noqa: E402

#: (household, its person, how many signals): each case tells itself apart.
CASES = (("Familie Yılmaz", "Ayla Yılmaz", 3), ("Familie de Vries", "Sem de Vries", 1))


@pytest.fixture
def shell(qtbot, tmp_path: Path):
    ids = []
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        for household, person, signals in CASES:
            case_id = case_service.create_case(store, household).id
            person_id = case_service.add_person(store, case_id, person, Role.CHILD, age=7).id
            for n in range(signals):
                record_signal(store, case_id, Signal(
                    new_id(), datetime.now(UTC) - timedelta(hours=n + 1), (person_id,),
                    frozenset({ViolenceForm.PHYSICAL_ABUSE}), SourceKind.OWN_OBSERVATION,
                    f"Waarneming {n + 1} bij het huisbezoek."))
            ids.append(case_id)
    window = unlocked_shell(qtbot, tmp_path)
    window.ids = ids
    yield window
    window.close()


def shown(shell: Shell) -> tuple[str, str, int]:
    """What the case view holds: the case, its household's first name, its signal rows."""
    view = shell.case_view
    return (view.case.id, view.household.rows[0].name,
            view.meldcode.pages[Step.MAP_SIGNALS].model.rowCount())


def expected(shell: Shell, n: int) -> tuple[str, str, int]:
    return shell.ids[n], CASES[n][1], CASES[n][2]


class Watch:
    """Looks at the window at every turn of the event loop while a case opens."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.seen: list[tuple[str, tuple | None]] = []
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        shell = self.shell
        screen = "case" if shell.stack.currentWidget() is shell.case_view else "other"
        held = shown(shell) if shell.case_view.case and shell.case_view.household.rows else None
        self.seen.append((screen, held))

    def stop(self) -> None:
        self.timer.stop()


def test_the_case_shows_only_once_it_is_complete(qtbot, shell: Shell):
    watch = Watch(shell)
    shell.open_case(shell.ids[0])
    watch.stop()
    assert shown(shell) == expected(shell, 0)
    assert shell.stack.currentWidget() is shell.case_view
    assert shell.controller.case.id == shell.safety_controller.case.id == shell.ids[0]
    # Filled while the list was still on screen, over more than one turn ...
    filling = [held for screen, held in watch.seen if screen == "other" and held is not None]
    assert len(filling) >= 2
    # ... and never on screen holding anything but the whole case.
    assert all(held == expected(shell, 0) for screen, held in watch.seen if screen == "case")
    assert QApplication.focusWidget() is shell.case_view.add_person


def test_a_case_asked_for_while_another_is_made_ready_wins(qtbot, shell: Shell):
    first, second = shell.ids
    asked: list[bool] = []
    real_show = shell.team.show

    def members_then_second(*args, **kwargs):
        real_show(*args, **kwargs)
        if args[1] == first and not asked:
            # The worker double-clicks the second case while the first is
            # filled in (the list is still on screen).
            asked.append(True)
            QTimer.singleShot(0, lambda: shell.open_case(second))

    shell.team.show = members_then_second
    shell.open_case(first)
    assert asked
    assert shown(shell) == expected(shell, 1)
    assert shell.controller.case.id == shell.safety_controller.case.id == second
    qtbot.wait(50)  # nothing of the first comes after
    assert shown(shell) == expected(shell, 1)
    assert shell.stack.currentWidget() is shell.case_view
    assert QApplication.focusWidget() is shell.case_view.add_person


def test_a_lock_while_a_case_is_made_ready_drops_it(qtbot, shell: Shell):
    real_show = shell.case_view.show_case

    def household_then_lock(case):
        real_show(case)
        QTimer.singleShot(0, shell.lock)

    shell.case_view.show_case = household_then_lock
    shell.open_case(shell.ids[0])
    assert shell.store is None
    assert shell.case_view.case is None and shell.controller is None
    assert shell.case_view.meldcode.pages[Step.MAP_SIGNALS].model.rowCount() == 0
    assert shell.stack.currentWidget() is shell.unlock


def test_a_case_opened_from_the_open_case_is_shown_in_one_go(qtbot, shell: Shell):
    """No turn in between while the case view is on screen: it never holds
    parts of two cases there."""
    shell.open_case(shell.ids[0])
    watch = Watch(shell)
    shell.open_case(shell.ids[1])
    watch.stop()
    assert shown(shell) == expected(shell, 1)
    assert all(held in (expected(shell, 0), expected(shell, 1))
               for screen, held in watch.seen if screen == "case")


class Page(StackPage, QWidget):
    def __init__(self, words: int) -> None:
        super().__init__()
        label = QLabel(" ".join(["woord"] * words))
        label.setWordWrap(True)
        QVBoxLayout(self).addWidget(label)


def test_a_stack_is_as_tall_as_the_page_shown(qtbot):
    stack = QStackedWidget()
    short, tall = Page(5), Page(400)
    stack.addWidget(short)
    stack.addWidget(tall)
    qtbot.addWidget(stack)
    stack.show()
    width = 300
    stack.setCurrentWidget(tall)
    assert stack.heightForWidth(width) == tall.heightForWidth(width) > 100
    assert stack.minimumSizeHint().height() >= tall.minimumSizeHint().height()
    stack.setCurrentWidget(short)
    assert short.isVisible() and tall.isHidden()
    assert tall.heightForWidth(width) == 0 and tall.sizeHint().isNull()
    assert stack.heightForWidth(width) == short.heightForWidth(width) < 100


def test_a_case_that_cannot_be_read_says_so_and_changes_nothing(qtbot, shell: Shell,
                                                                 monkeypatch):
    import app.ui.shell as shell_module

    errors: list[str] = []
    monkeypatch.setattr(shell_module, "show_error", lambda _parent, exc: errors.append(exc.message))
    shell.show_cases()
    shell.open_case("no-such-case")
    assert len(errors) == 1 and errors[0]
    assert shell.stack.currentWidget() is shell.cases
    assert shell.case_view.case is None and shell.controller is None
