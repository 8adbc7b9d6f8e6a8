"""After a record is saved in an open case (issue 17, the saving stall): the
case is read again off the UI thread and shown; a new row goes into its step
page as an inserted row, not a reset; a newer refresh replaces an older one;
a refresh that comes after a lock or for a case no longer shown is dropped.

A read is held inside its real work on the task's thread until the app has
told it to stop, so that the newer save or the lock surely falls in the
middle of it.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QTableView

from app.cases.model import Role, new_id
from app.meldcode.signals import Signal
from app.meldcode.steps import Step
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.store.store import Store
from app.ui import meldcode_controller, safety_controller
from app.ui.meldcode_view import RecordTableModel, inserted
from app.ui.record_summary import RecordRow
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.ui.shells import unlocked_shell

pytest.importorskip("pytestqt")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ([], [], (0, 0)),
    ([], ["a"], (0, 1)),
    (["b", "c"], ["a", "b", "c"], (0, 1)),
    (["a", "c"], ["a", "b", "c"], (1, 1)),
    (["a", "b"], ["a", "b", "c"], (2, 1)),
    (["a", "d"], ["a", "b", "c", "d"], (1, 2)),
    (["a", "b"], ["a", "b"], (0, 0)),        # the same: nothing to insert
    (["a", "b"], ["a"], (0, 0)),             # a row gone: not an insertion
    (["a", "b"], ["b", "x", "a"], (0, 0)),   # reordered: not an insertion
    (["a", "b"], ["x", "a", "y", "b"], (0, 0)),  # two places: not one insertion
])
def test_inserted_finds_rows_put_in_at_one_place(old, new, expected):
    assert inserted(old, new) == expected


def _row(n: int, day: date) -> RecordRow:
    return RecordRow("signal", f"id-{n}", day, "Signaal", f"samenvatting {n}")


def test_a_row_added_is_inserted_with_its_texts_and_the_selection_stays(qtbot, qtmodeltester):
    today = date(2026, 12, 4)
    rows = [_row(n, today - timedelta(days=n)) for n in range(1, 6)]
    model = RecordTableModel()
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    model.set_rows(rows)
    model.texts()  # made once, as a paint does
    table.setCurrentIndex(model.index(2, 0))  # the worker chose "id-3"
    events: list[str] = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda _p, first, last: events.append(f"inserted {first}-{last}"))

    model.set_rows([_row(0, today)] + rows)

    assert events == ["inserted 0-0"]
    assert model.rows[table.currentIndex().row()].record_id == "id-3"
    assert model.texts() == _filled(model.rows).texts()  # as a fill from empty makes them
    qtmodeltester.check(model)

    model.set_rows(rows[1:])  # anything but an insertion fills anew
    assert events[-1] == "reset"
    assert model.texts() == _filled(rows[1:]).texts()


def _filled(rows) -> RecordTableModel:
    model = RecordTableModel()
    model.set_rows(rows)
    return model


@pytest.fixture
def shell(qtbot, tmp_path: Path):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        ids = []
        for name in ("Familie Doğan", "Familie Jansen"):
            case = case_service.create_case(store, name)
            case_service.add_person(store, case.id, "Elif " + name.split()[1], Role.PARENT,
                                    age=34)
            ids.append(case.id)
    window = unlocked_shell(qtbot, tmp_path)
    window.ids = ids
    yield window
    window.close()


def _signal(shell: Shell, facts: str) -> Signal:
    case = shell.case_view.case
    return Signal(new_id(), datetime.now(UTC) - timedelta(hours=1), (case.people[0].id,),
                  frozenset({ViolenceForm.PHYSICAL_ABUSE}), SourceKind.OWN_OBSERVATION, facts)


def _summaries(shell: Shell) -> list[str]:
    return [row.summary for row in shell.case_view.meldcode.pages[Step.MAP_SIGNALS].model.rows]


def _save(shell: Shell, facts: str) -> None:
    """What the signal form's "Vastleggen" does: the service, then ``show_saved``."""
    controller = shell.controller
    before = controller.screen.progress
    meldcode_service.record_signal(shell.store, shell.case_view.case.id, _signal(shell, facts))
    controller.show_saved(True, before)


class HeldRead:
    """Replaces a read of a module: the first call waits on its task's thread
    until that task is told to stop (or the test sets ``release``), then
    reads for real (and so fails with ``TaskStopped`` once stopped); later
    calls read at once."""

    def __init__(self, monkeypatch, owner, name: str) -> None:
        self.real = getattr(owner, name)
        self.reached, self.release = threading.Event(), threading.Event()
        self.stopped_in_time: bool | None = None
        self.calls = 0
        monkeypatch.setattr(owner, name, self)

    def __call__(self, store, case_id):
        self.calls += 1
        if self.calls == 1:
            self.reached.set()
            for _ in range(3000):
                if store._cancel.wait(0.01) or self.release.is_set():
                    break
            self.stopped_in_time = store._cancel.is_set()
        return self.real(store, case_id)


def test_a_saved_signal_is_inserted_and_the_stepper_follows(qtbot, shell: Shell):
    shell.open_case(shell.ids[0])
    page = shell.case_view.meldcode.pages[Step.MAP_SIGNALS]
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    before = shell.controller.screen.progress
    _save(shell, "Eerste signaal: een blauwe plek.")
    assert _summaries(shell) == ["Eerste signaal: een blauwe plek."]
    # The stepper follows: step 1 no longer misses its first signal.
    assert shell.controller.screen.progress.step(Step.MAP_SIGNALS).missing_texts != \
        before.step(Step.MAP_SIGNALS).missing_texts
    resets.clear()
    _save(shell, "Tweede signaal: het kind was stil.")
    assert sorted(_summaries(shell)) == ["Eerste signaal: een blauwe plek.",
                                         "Tweede signaal: het kind was stil."]
    assert resets == []  # the second row was inserted, the first kept its place


def test_two_quick_saves_end_showing_both(qtbot, shell: Shell, monkeypatch):
    shell.open_case(shell.ids[0])
    held = HeldRead(monkeypatch, meldcode_controller, "read_meldcode")
    second: list[bool] = []

    def save_again():
        # The first save's refresh is being read: the worker saves again.
        assert held.reached.wait(30)
        _save(shell, "Tweede signaal.")
        second.append(True)

    QTimer.singleShot(0, save_again)
    _save(shell, "Eerste signaal.")
    assert second and held.stopped_in_time
    qtbot.wait(50)
    assert sorted(_summaries(shell)) == ["Eerste signaal.", "Tweede signaal."]


def test_a_lock_while_the_saved_case_is_read_shows_nothing_and_keeps_the_signal(
        qtbot, shell: Shell, monkeypatch):
    case_id = shell.ids[0]
    shell.open_case(case_id)
    held = HeldRead(monkeypatch, meldcode_controller, "read_meldcode")

    def lock_when_reached():
        assert held.reached.wait(30)
        shell.lock()

    QTimer.singleShot(0, lock_when_reached)
    _save(shell, "Signaal vlak voor het slot.")
    assert held.stopped_in_time
    assert shell.store is None and shell.controller is None
    assert _summaries(shell) == []  # nothing of the case left on the screen
    with Store.open(shell.store_path, PASSPHRASE) as store:
        records = meldcode_service.load_records(store, case_id)
    assert [h.current.facts for h in records.signals] == ["Signaal vlak voor het slot."]
    assert shell.store is None


def test_a_plan_read_for_a_case_no_longer_shown_is_dropped(qtbot, shell: Shell, monkeypatch):
    first, second = shell.ids
    shell.open_case(first)
    held = HeldRead(monkeypatch, safety_controller, "read_plan")

    def open_second_when_reached():
        assert held.reached.wait(30)
        # The read of the first case's plan goes on; the worker opens the second.
        shell.open_case(second)
        held.release.set()

    old = shell.safety_controller
    loaded = old.loaded
    QTimer.singleShot(0, open_second_when_reached)
    old.refresh()
    qtbot.wait(50)
    assert shell.safety_controller is not old
    assert shell.safety_controller.case.id == second
    assert old.case.id == first and old.loaded is loaded  # the dropped read changed nothing
    assert shell.safety_controller.context().people[0][1] == "Elif Jansen"


def test_a_save_that_fails_tells_the_worker_and_loses_nothing(qtbot, shell: Shell,
                                                              monkeypatch):
    """The save stays on the UI thread, before the case is read again: its
    error shows in the form, the form stays open, and closing it keeps what
    was typed as a draft that the case then shows."""
    from app.errors import VeiligwijzerError
    from tests.ui.test_meldcode_flow import Keyboard
    from tests.ui.test_shell import when_dialog_opens

    shell.open_case(shell.ids[0])
    convert, _record = meldcode_controller._PLAIN["signal"]

    def failing(*_args, **_kwargs):
        raise VeiligwijzerError("De kluis kon dit niet bewaren.")

    monkeypatch.setitem(meldcode_controller._PLAIN, "signal", (convert, failing))
    seen: list[tuple[bool, str]] = []

    def fill_then_fail(dialog):
        keys = Keyboard(qtbot, dialog)
        keys.tick("concerns", "Elif Doğan")
        keys.tick("forms", ViolenceForm.PHYSICAL_ABUSE.label)
        keys.choose("source", "own_observation")
        keys.type("facts", "Een blauwe plek op de arm.")
        keys.choose("acute_indication", False)
        qtbot.keyClick(dialog.form.focus_widget("facts"), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        seen.append((dialog.isVisible(), dialog.error.text()))
        dialog.reject()  # "Later afmaken"

    when_dialog_opens(qtbot, fill_then_fail)
    assert shell.controller.record("signal") is False
    assert seen == [(True, "De kluis kon dit niet bewaren.")]
    assert _summaries(shell) == []  # nothing recorded, nothing shown as recorded
    drafts = meldcode_service.meldcode_drafts(shell.store, shell.ids[0])
    assert [d.values["facts"] for d in drafts] == ["Een blauwe plek op de arm."]
    assert shell.case_view.meldcode.drafts_button.isVisibleTo(shell.case_view.meldcode)
