"""Back to the case list reads only the cases that changed since the list
was last read (issue 17, migration ``case_list_changes``): for every way a
row can change, the list afterwards equals a full read, and the full read
was not made. A list set anew by another path, or a log cleared since, is
read in full again."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.cases.model import Role
from app.services import cases as case_service
from app.services import caseteam, retention
from app.services.training_team import exchange
from app.store.store import Store
from app.ui.case_list import NEXT_DUE, passing
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.ui.shells import shown_shell

pytest.importorskip("pytestqt")

HOUSEHOLDS = ("Familie Yılmaz", "Familie de Vries", "Familie Kowalski", "Familie Bakker")


@pytest.fixture
def shell(qtbot, tmp_path: Path, monkeypatch):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        ids = [case_service.create_case(store, name).id for name in HOUSEHOLDS]
        with store.transaction():  # changed a day apart, the first the longest ago
            for days, case_id in enumerate(reversed(ids), start=1):
                store.conn.execute(
                    "UPDATE cases SET updated_at = ? WHERE id = ?",
                    ((datetime.now(UTC) - timedelta(days=days)).isoformat(), case_id))
    window = shown_shell(qtbot, tmp_path)
    window.full_reads = []
    real = case_service.list_cases_read

    def counted(store):
        window.full_reads.append(1)
        return real(store)

    monkeypatch.setattr(case_service, "list_cases_read", counted)
    window._unlock(PASSPHRASE)
    assert window.store is not None
    assert window.full_reads == [1]  # the unlock reads the whole list
    window.ids = ids
    yield window
    window.close()


def leave_and_come_back(shell: Shell, case_id: str) -> None:
    """Open a case, as the worker does, and go back to the list."""
    shell.open_case(case_id)
    assert shell.case_view.case.id == case_id
    shell.show_cases()
    assert shell.stack.currentWidget() is shell.cases


def read_in_full(shell: Shell) -> list:
    """Every case, read here, not counted as the app's read."""
    reads = len(shell.full_reads)
    try:
        return case_service.list_cases(shell.store)
    finally:
        del shell.full_reads[reads:]


def assert_a_full_read(shell: Shell) -> None:
    """The list holds what reading every case now would give, in its order,
    filtered as it is, with the same marks of news."""
    model = shell.cases.model
    full = model.in_order(read_in_full(shell))
    assert [c.id for c in model.cases] == [c.id for c in full]
    assert model.cases == full
    assert model.rows == passing(full, model.accepted)
    assert [model.case_at(r) for r in range(model.rowCount())] == model.rows
    assert model.news == caseteam.changed_by_others(shell.store)


def test_nothing_changed_is_nothing_read_and_nothing_redrawn(shell):
    leave_and_come_back(shell, shell.ids[1])
    version, cases = shell.cases.model.version, shell.cases.model.cases
    leave_and_come_back(shell, shell.ids[2])
    assert shell.full_reads == [1]
    assert shell.cases.model.version == version  # no rows removed, inserted or reset
    assert shell.cases.model.cases is cases
    assert_a_full_read(shell)
    # Chosen and focused as before: the case the worker came from.
    assert shell.cases.model.case_at(shell.cases.table.currentIndex().row()).id == shell.ids[2]


def test_an_edited_case_moves_to_the_top(shell):
    edited = shell.ids[0]  # the oldest: at the bottom
    assert shell.cases.model.rows[-1].id == edited
    shell.open_case(edited)
    case_service.add_person(shell.store, edited, "Mila Yılmaz", Role.CHILD, age=6)
    shell.show_cases()
    assert shell.full_reads == [1]
    assert shell.cases.model.rows[0].id == edited
    assert_a_full_read(shell)


def test_the_list_is_shown_with_the_changed_row_in_place_already(shell):
    """Read before the list is shown: its first drawing has the row at the
    top, chosen; no drawing of the old order first."""
    edited = shell.cases.model.rows[-1].id
    shell.open_case(edited)
    case_service.add_person(shell.store, edited, "Mila Yılmaz", Role.CHILD, age=6)
    seen = []
    shell.stack.currentChanged.connect(
        lambda _i: seen.append((shell.stack.currentWidget() is shell.cases,
                                shell.cases.model.rows[0].id)))
    shell.show_cases()
    assert seen == [(True, edited)]
    assert shell.cases.model.case_at(shell.cases.table.currentIndex().row()).id == edited
    assert shell.cases.table.hasFocus() or not shell.isActiveWindow()


def test_a_case_opened_while_the_changes_are_read_stays_open(shell, monkeypatch):
    """The worker opened another case before the few changed rows were read:
    the list takes them, the case stays on screen."""
    from PySide6.QtCore import QTimer

    leave_and_come_back(shell, shell.ids[0])
    case_service.add_person(shell.store, shell.ids[2], "Noor de Vries", Role.CHILD, age=3)
    shell.open_case(shell.ids[0])
    real = case_service.list_changes

    def slow(store, since):
        shell_opens.wait(30)
        return real(store, since)

    shell_opens = threading.Event()
    monkeypatch.setattr(case_service, "list_changes", slow)

    def open_meanwhile():
        shell.open_case(shell.ids[1])
        shell_opens.set()

    QTimer.singleShot(0, open_meanwhile)
    shell.show_cases()
    assert shell.stack.currentWidget() is shell.case_view
    assert shell.case_view.case.id == shell.ids[1]
    assert shell.full_reads == [1]
    assert_a_full_read(shell)


def test_a_new_case_comes_and_a_closed_case_changes_in_place(shell):
    leave_and_come_back(shell, shell.ids[1])
    made = case_service.create_case(shell.store, "Familie Jansen")
    retention.close_case(shell.store, shell.ids[2])
    shell.show_cases()
    assert shell.full_reads == [1]
    assert made.id in {c.id for c in shell.cases.model.cases}
    assert_a_full_read(shell)
    # "Open cases only" then leaves the closed case out, as a full read does.
    shell.cases.open_only.setChecked(True)
    assert shell.ids[2] not in {c.id for c in shell.cases.model.rows}
    leave_and_come_back(shell, shell.ids[1])
    assert shell.full_reads == [1]
    assert_a_full_read(shell)


def test_an_erased_case_goes(shell):
    retention.close_case(shell.store, shell.ids[3])
    shell.show_cases()
    retention.erase_case(shell.store, shell.ids[3])
    leave_and_come_back(shell, shell.ids[0])
    assert shell.full_reads == [1]
    assert shell.ids[3] not in {c.id for c in shell.cases.model.cases}
    assert_a_full_read(shell)


def test_a_colleagues_change_arrives_with_its_news(shell, tmp_path):
    leave_and_come_back(shell, shell.ids[0])
    with Store.create(tmp_path / "colleague.db", PASSPHRASE) as colleague:
        theirs = case_service.create_case(colleague, "Familie El Amrani").id
        assert exchange(colleague, shell.store) > 0  # as the sync imports it
    shell._synced(frozenset({theirs}))  # the list is shown: it is read again
    assert shell.full_reads == [1]
    assert theirs in shell.cases.model.news
    assert_a_full_read(shell)
    leave_and_come_back(shell, theirs)  # opened: no longer new
    assert theirs not in shell.cases.model.news
    assert_a_full_read(shell)


def test_the_day_changing_makes_a_case_late_without_a_read(shell, monkeypatch):
    due = shell.ids[1]
    with shell.store.transaction():
        shell.store.cases.set_summary(due, 2, None, date.today())
    leave_and_come_back(shell, shell.ids[0])
    assert shell.full_reads == [1]
    assert_a_full_read(shell)
    model = shell.cases.model
    assert "te laat" not in model.index(model.row_of(due), NEXT_DUE).data()

    later = date.today() + timedelta(days=1)

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return later

    import app.ui.case_list as case_list

    monkeypatch.setattr(case_list, "date", Tomorrow)
    model._day_seen -= 1  # the date was last looked at a second ago
    leave_and_come_back(shell, shell.ids[0])
    assert shell.full_reads == [1]
    assert model.index(model.row_of(due), NEXT_DUE).data().endswith(" (te laat)")


def test_a_list_set_by_another_path_or_a_cleared_log_is_read_in_full(shell):
    shell.cases.set_cases(read_in_full(shell)[:2])  # another path
    leave_and_come_back(shell, shell.ids[0])
    assert shell.full_reads == [1, 1]
    assert_a_full_read(shell)

    case_service.add_person(shell.store, shell.ids[2], "Noor de Vries", Role.CHILD, age=3)
    case_service.create_case(shell.store, "Familie Jansen")
    with shell.store.transaction():
        shell.store.cases.forget_list_changes()  # as an unlock in another process does
    leave_and_come_back(shell, shell.ids[0])
    assert shell.full_reads == [1, 1, 1]
    assert_a_full_read(shell)


def test_a_lock_forgets_where_the_list_was_read(shell):
    leave_and_come_back(shell, shell.ids[0])
    shell.lock()
    assert shell._list_read is None
    shell._unlock(PASSPHRASE)
    assert shell.full_reads == [1, 1]
    assert_a_full_read(shell)
