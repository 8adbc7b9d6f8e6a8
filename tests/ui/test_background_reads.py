"""Reads off the UI thread (issue 17): a newer search or case replaces an
older one still running, nothing of a stopped read is shown, a lock stops a
read under way, and the case list changes row by row instead of being reset.

A read is held inside its real work on the task's thread until the app has
told it to stop (or, for the newest, until the test lets it go), so that the
newer query or the lock surely falls in the middle of it.
"""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from app.cases.model import CaseStatus, CaseSummary
from app.config import Settings
from app.services import case_screen
from app.services import cases as case_service
from app.services import search as search_service
from app.store.store import Store
from app.ui.case_list import CaseListView
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.ui.shells import unlocked_shell

pytest.importorskip("pytestqt")


@pytest.fixture
def shell(qtbot, tmp_path: Path):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        ids = [case_service.create_case(store, name).id
               for name in ("Familie Yılmaz", "Familie de Vries", "Familie Kowalski")]
    window = unlocked_shell(qtbot, tmp_path)
    window.ids = ids
    yield window
    window.close()


class Held:
    """Replaces a read: the first call whose argument is in ``hold`` waits on
    its task's thread until that task is told to stop, then reads for real
    (and so fails with ``TaskStopped``); ``calls`` records each call."""

    def __init__(self, monkeypatch, owner, name: str, hold: set[str]) -> None:
        self.real = getattr(owner, name)
        self.hold, self.calls = hold, []
        self.reached = threading.Event()
        self.stopped_in_time = False
        monkeypatch.setattr(owner, name, self)

    def __call__(self, store, text, *rest):
        self.calls.append(text)
        if text in self.hold:
            self.reached.set()
            # ``store`` is the task's own; its cancel event is the task's stop.
            self.stopped_in_time = store._cancel.wait(30)
        return self.real(store, text, *rest)


def type_and_pause(view: CaseListView, text: str) -> None:
    view.filter.setText(text)
    view._typing.timeout.emit()  # the typing pause


def shown_households(view: CaseListView) -> list[str]:
    return sorted(view.model.index(r, 1).data() for r in range(view.model.rowCount()))


def test_a_newer_search_stops_the_older_and_only_the_newest_is_shown(
        qtbot, shell: Shell, monkeypatch):
    held = Held(monkeypatch, search_service, "matching_cases", {"kowalski"})
    type_and_pause(shell.cases, "kowalski")
    assert held.reached.wait(30)
    type_and_pause(shell.cases, "yılmaz")
    # The older search is told to stop at once; its next statement fails.
    qtbot.waitUntil(lambda: not shell.cases.searching, timeout=10000)
    assert held.stopped_in_time
    assert shown_households(shell.cases) == ["Familie Yılmaz"]
    qtbot.wait(100)  # whatever the stopped search still reports changes nothing
    assert shown_households(shell.cases) == ["Familie Yılmaz"]
    assert held.calls == ["kowalski", "yılmaz"]


def test_a_result_that_comes_after_a_newer_search_is_not_shown(qtbot, shell: Shell):
    """Without stopping (the read already done): the older result arrives
    after the newer search began and is dropped."""
    results: dict[str, object] = {}
    view = shell.cases

    def search(text, prepare, deliver):
        results[text] = lambda found: deliver(prepare(found))

    view.set_search(search)
    type_and_pause(view, "kowalski")
    type_and_pause(view, "yılmaz")
    by_name = {name: case_id for case_id, name in
               ((view.model.case_at(r).id, view.model.case_at(r).household_name)
                for r in range(view.model.rowCount()))}
    results["yılmaz"]({by_name["Familie Yılmaz"]: ""})
    results["kowalski"]({by_name["Familie Kowalski"]: ""})  # late, and older
    assert shown_households(view) == ["Familie Yılmaz"]


def test_opening_another_case_stops_the_read_of_the_first(qtbot, shell: Shell, monkeypatch):
    first, second = shell.ids[0], shell.ids[1]
    held = Held(monkeypatch, case_screen, "open_case_screen", {first})
    # While the first case is being read, the worker opens the second one.
    shell.cases.table.setFocus()
    opened_second: list[bool] = []

    def then_second():
        assert held.reached.wait(30)
        shell.open_case(second)
        opened_second.append(True)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, then_second)
    shell.open_case(first)
    assert opened_second and held.stopped_in_time
    assert shell.case_view.case.id == second
    qtbot.wait(100)
    assert shell.case_view.case.id == second
    assert shell.controller.case.id == second


def test_a_lock_stops_a_case_being_read(qtbot, shell: Shell, monkeypatch):
    held = Held(monkeypatch, case_screen, "open_case_screen", {shell.ids[0]})
    from PySide6.QtCore import QTimer

    def lock_when_reached():
        assert held.reached.wait(30)
        shell.lock()

    QTimer.singleShot(0, lock_when_reached)
    shell.open_case(shell.ids[0])
    assert held.stopped_in_time
    assert shell.store is None
    assert shell.case_view.case is None and shell.controller is None
    assert shell.stack.currentWidget() is shell.unlock


def test_a_lock_stops_filling_the_case_list(qtbot, shell: Shell, monkeypatch):
    reached, stopped = threading.Event(), []
    real = case_service.list_cases_read

    def held(store):
        reached.set()
        stopped.append(store._cancel.wait(30))
        return real(store)

    monkeypatch.setattr(case_service, "list_cases_read", held)
    shell.cases.set_cases([])
    from PySide6.QtCore import QTimer

    def lock_when_reached():
        # The first rows are drawn in a turn of their own before the read
        # starts: lock once the read is held, without holding the loop.
        if not reached.is_set():
            QTimer.singleShot(5, lock_when_reached)
            return
        shell.lock()

    QTimer.singleShot(0, lock_when_reached)
    shell.show_cases()
    assert stopped == [True]
    assert shell.store is None and shell.cases.model.total == 0


# -- the case list changes row by row ----------------------------------------------------


def summary(n: int, minutes: int, name: str = "") -> CaseSummary:
    return CaseSummary(f"id-{n}", f"VW-{n:05d}", name or f"Familie {n}", CaseStatus.OPEN,
                       1, None, None, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes))


class Recorder:
    def __init__(self, model) -> None:
        self.events: list[tuple] = []
        model.modelReset.connect(lambda: self.events.append(("reset",)))
        model.layoutChanged.connect(lambda *_: self.events.append(("layout",)))
        model.rowsInserted.connect(lambda _p, a, b: self.events.append(("inserted", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.events.append(("removed", a, b)))
        model.dataChanged.connect(
            lambda a, b, *_: self.events.append(("changed", a.row(), b.row())))


def test_saving_in_one_case_moves_its_row_without_a_reset(qtbot, qtmodeltester):
    view = CaseListView()
    qtbot.addWidget(view)
    rows = [summary(n, n) for n in range(50)]
    view.set_cases(rows)
    view.table.setCurrentIndex(view.model.index(10, 1))
    selected = view.table.currentIndex().data()
    recorder = Recorder(view.model)
    qtmodeltester.check(view.model)
    # Case 3 was just saved (newest now), case 7 erased, case 50 is new,
    # case 20 got a due date without being touched.
    later = [r for r in rows if r.id != "id-7"]
    later[later.index(rows[3])] = replace(rows[3], updated_at=rows[-1].updated_at
                                          + timedelta(hours=1), current_step=2)
    later[later.index(rows[20])] = replace(rows[20], next_due=date(2030, 1, 1))
    later.append(replace(summary(50, 30), updated_at=rows[30].updated_at
                         + timedelta(seconds=30)))
    view.set_cases(later)
    expected = sorted(later, key=lambda r: r.updated_at, reverse=True)
    new_row = {r.id: i for i, r in enumerate(expected)}
    old_row = {r.id: 49 - int(r.id[3:]) for r in rows}  # newest first
    assert recorder.events == [
        ("removed", old_row["id-3"], old_row["id-3"]),  # from its old place …
        ("removed", old_row["id-7"], old_row["id-7"]),
        ("inserted", 0, 0),  # … to the top
        ("inserted", new_row["id-50"], new_row["id-50"]),  # just after id-31
        ("changed", new_row["id-20"], new_row["id-20"]),  # in place
    ]
    assert new_row["id-50"] == new_row["id-31"] + 1
    assert [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == [
        r.reference for r in expected]
    assert view.table.currentIndex().data() == selected  # the selection stays on its case
    assert view.count.text() == "50 casussen"


@pytest.mark.parametrize("seed", range(12))
def test_a_planned_update_turns_the_old_rows_into_the_new(qtbot, seed: int):
    rng = random.Random(seed)
    old = [summary(n, rng.randint(0, 10_000)) for n in range(rng.randint(0, 60))]
    new = [r for r in old if rng.random() > 0.2]
    for i in rng.sample(range(len(new)), min(len(new), rng.randint(0, 8))):
        new[i] = replace(new[i], updated_at=new[i].updated_at + timedelta(
            minutes=rng.randint(-5000, 5000)), household_name=f"Familie {rng.random()}")
    new += [summary(100 + n, rng.randint(0, 10_000)) for n in range(rng.randint(0, 6))]
    view = CaseListView()
    qtbot.addWidget(view)
    view.set_cases(old)
    update = view.planner()(new)  # as the worker thread does
    recorder = Recorder(view.model)
    view.apply_update(update)
    assert [r.id for r in view.model.rows] == [r.id for r in view.model.in_order(new)]
    assert view.model.rows == view.model.in_order(new) == view.model.cases
    assert view.model.rowCount() == len(new)
    assert (("reset",) in recorder.events) == (not old or not new)


@pytest.mark.parametrize("seed", range(12))
def test_a_new_filter_removes_and_inserts_exactly_the_rows_that_change(qtbot, seed: int):
    """A search result or a typed filter: from the rows one filter lets
    through to those of the next, row by row, with no reset for few changes."""
    rng = random.Random(seed)
    cases = [summary(n, rng.randint(0, 10_000)) for n in range(rng.randint(1, 80))]
    view = CaseListView()
    qtbot.addWidget(view)
    view.set_cases(cases)
    ordered = list(view.model.cases)
    for found in [{r.id for r in cases if rng.random() > 0.5} | {"not-a-listed-case"}
                  for _ in range(3)] + [None]:
        before = {r.id for r in view.model.rows}
        recorder = Recorder(view.model)
        view.model.set_filter(None if found is None else frozenset(found))
        shown = [r for r in ordered if found is None or r.id in found]
        assert view.model.rows == shown
        if before and shown:
            assert ("reset",) not in recorder.events
            told = {kind: sum(e[2] - e[1] + 1 for e in recorder.events if e[0] == kind)
                    for kind in ("removed", "inserted")}
            after = {r.id for r in shown}
            assert told == {"removed": len(before - after), "inserted": len(after - before)}


def test_the_same_cases_again_tell_the_view_nothing(qtbot):
    view = CaseListView()
    qtbot.addWidget(view)
    rows = [summary(n, n) for n in range(20)]
    view.set_cases(rows)
    recorder = Recorder(view.model)
    view.set_cases([replace(r) for r in reversed(rows)])  # equal rows, new objects
    assert recorder.events == []


def test_a_plan_made_for_rows_that_changed_since_fills_anew(qtbot):
    view = CaseListView()
    qtbot.addWidget(view)
    view.set_cases([summary(n, n) for n in range(5)])
    plan = view.planner()
    view.set_cases([summary(n, n) for n in range(3)])  # meanwhile, on the UI thread
    update = plan([summary(n, n) for n in range(8)])
    recorder = Recorder(view.model)
    view.apply_update(update)
    assert recorder.events[0] == ("reset",)
    assert view.model.rowCount() == 8


def test_a_list_filled_from_empty_is_one_reset_with_every_row(qtbot):
    view = CaseListView()
    qtbot.addWidget(view)
    recorder = Recorder(view.model)
    view.set_cases([summary(n, n) for n in range(35)])
    assert recorder.events == [("reset",)]
    assert view.model.rowCount() == 35 and view.count.text() == "35 casussen"
    view.select_case("id-0")  # the oldest, at the bottom
    assert view.table.currentIndex().data() == "VW-00000"


def test_filtering_removes_and_inserts_rows_instead_of_a_reset(qtbot):
    view = CaseListView()
    qtbot.addWidget(view)
    rows = [summary(n, n) if n % 10 else replace(summary(n, n), status=CaseStatus.CLOSED)
            for n in range(50)]
    view.set_cases(rows)
    recorder = Recorder(view.model)
    view.open_only.setChecked(True)
    closed = sorted(49 - n for n in range(0, 50, 10))
    assert recorder.events == [("removed", r, r) for r in reversed(closed)]
    assert view.model.rowCount() == 45 and view.count.text() == "45 van 50 casussen"
    assert all(view.model.case_at(r).status is CaseStatus.OPEN for r in range(45))
    # New cases read while the filter is on: only the open ones are shown.
    update = view.planner()([*rows, summary(60, 100), replace(summary(61, 101),
                                                              status=CaseStatus.CLOSED)])
    view.apply_update(update)
    assert [view.model.case_at(r).id for r in range(2)] == ["id-60", "id-49"]
    assert view.model.total == 52 and view.model.rowCount() == 46
    recorder.events.clear()
    view.open_only.setChecked(False)
    assert ("reset",) not in recorder.events and view.model.rowCount() == 52


@pytest.mark.parametrize("chosen, after", [("id-3", "VW-00003"), ("id-7", None), ("id-9", None)])
def test_the_chosen_case_stays_chosen_or_nothing_is(qtbot, chosen: str, after: str | None):
    """A case that moves stays chosen; one that goes (erased, or filtered out)
    leaves nothing chosen, never a neighbour that Enter would open."""
    view = CaseListView()
    qtbot.addWidget(view)
    rows = [summary(n, n) for n in range(20)]
    view.set_cases(rows)
    view.select_case(chosen)
    later = [replace(r, updated_at=r.updated_at + timedelta(hours=1)) if r.id == "id-3" else r
             for r in rows if r.id != "id-7"]
    view.set_cases(later)
    if chosen == "id-9":
        type_and_pause(view, "VW-0001")  # cases 10 to 19
    current = view.table.currentIndex()
    assert (current.data() if current.isValid() else None) == after
    assert len(view.table.selectionModel().selectedRows()) == (1 if after else 0)


def test_a_filter_that_scatters_the_rows_fills_anew(qtbot):
    """Many runs of removed rows cost the view more than one new fill."""
    from app.ui.case_list import MAX_RUNS

    view = CaseListView()
    qtbot.addWidget(view)
    rows = [summary(n, n) if n % 2 else replace(summary(n, n), status=CaseStatus.CLOSED)
            for n in range(4 * MAX_RUNS)]
    view.set_cases(rows)
    recorder = Recorder(view.model)
    view.open_only.setChecked(True)
    assert recorder.events == [("reset",)]
    assert [view.model.case_at(r).id for r in range(view.model.rowCount())] == [
        f"id-{n}" for n in range(4 * MAX_RUNS - 1, 0, -2)]


def test_a_case_opened_while_the_list_is_read_stays_open(qtbot, shell: Shell, monkeypatch):
    """The list's late result is shown in the list, without taking the worker
    away from the case opened meanwhile."""
    from PySide6.QtCore import QTimer

    reached, go = threading.Event(), threading.Event()

    def holding(real):
        def held(store, *rest):
            reached.set()
            assert go.wait(30)
            return real(store, *rest)
        return held

    # Back to the list reads what changed since the unlock read it all;
    # either read is held.
    for name in ("list_cases_read", "list_changes"):
        monkeypatch.setattr(case_service, name, holding(getattr(case_service, name)))

    def open_meanwhile():
        assert reached.wait(30)
        shell.open_case(shell.ids[1])
        go.set()

    QTimer.singleShot(0, open_meanwhile)
    shell.show_cases()
    assert shell.stack.currentWidget() is shell.case_view
    assert shell.case_view.case.id == shell.ids[1]
    assert shell.cases.model.total == 3


# -- the first rows after unlocking ------------------------------------------------------


def test_after_unlocking_the_top_of_the_list_shows_while_the_rest_is_read(
        qtbot, tmp_path: Path, monkeypatch):
    """Unlocked, the rows that fill the table show at once, in the list's
    order, with a word that more are coming; every case follows from the
    read off the UI thread."""
    from PySide6.QtCore import QTimer

    path = tmp_path / "store.db"
    with Store.create(path, PASSPHRASE) as store:
        for n in range(60):
            case_service.create_case(store, f"Familie {n:02}")
        newest_first = [row.id for row in case_service.list_cases(store)]
    window = Shell(path, tmp_path / "demo.db", Settings(), settings_path=tmp_path / "s.json")
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    reached, go, seen = threading.Event(), threading.Event(), {}
    real = case_service.list_cases_read

    def held(store):
        reached.set()
        assert go.wait(30)
        return real(store)

    def look_while_held():
        # The unlock itself also lets the event loop turn (its own worker):
        # look once the list's read is held, without holding the loop.
        if not reached.is_set():
            QTimer.singleShot(5, look_while_held)
            return
        model = window.cases.model
        seen["ids"] = [model.case_at(row).id for row in range(model.rowCount())]
        seen["count"] = window.cases.count.text()
        go.set()

    monkeypatch.setattr(case_service, "list_cases_read", held)
    QTimer.singleShot(0, look_while_held)
    window._unlock(PASSPHRASE)
    first = window.cases.first_rows()
    assert 0 < first < 60
    assert seen["ids"] == newest_first[:first]
    assert seen["count"] == "De andere casussen worden geladen…"
    model = window.cases.model
    assert [model.case_at(row).id for row in range(model.rowCount())] == newest_first
    assert window.cases.count.text() == "60 casussen"
    window.close()


def test_sorted_on_another_column_the_list_waits_for_every_case(qtbot):
    """Its top would not be the most recently changed cases: nothing first."""
    from PySide6.QtCore import Qt

    view = CaseListView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    assert view.first_rows() > 10
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert view.first_rows() == 0


# -- a search's result is planned on its own thread ------------------------------------


class Searches:
    """The view's search: each call's ``prepare`` runs on a thread of its
    own, as in the app's task; ``deliver(text, found)`` then hands the
    prepared result to the UI thread."""

    def __init__(self, view: CaseListView) -> None:
        self.asked: dict[str, tuple] = {}
        view.set_search(lambda text, prepare, deliver: self.asked.__setitem__(
            text, (prepare, deliver)))

    def deliver(self, text: str, found: dict[str, str]) -> None:
        prepare, deliver = self.asked.pop(text)
        prepared: list = []
        worker = threading.Thread(target=lambda: prepared.append(prepare(found)))
        worker.start()
        worker.join()
        deliver(prepared[0])

    def deliver_as_the_app(self, qtbot, view: CaseListView, text: str,
                           found: dict[str, str]) -> None:
        """Through a task, so that the result reaches the UI thread as a
        queued call, as the app's search result does."""
        from app.ui.tasks import run_task

        prepare, deliver = self.asked.pop(text)
        run_task(view, lambda: prepare(found), deliver, lambda _exc: deliver(None))
        qtbot.waitUntil(lambda: not view.searching)


def searched_view(qtbot) -> tuple[CaseListView, Searches]:
    view = CaseListView()
    qtbot.addWidget(view)
    view.set_cases([summary(n, n) if n % 4 else replace(summary(n, n), status=CaseStatus.CLOSED)
                    for n in range(60)])
    return view, Searches(view)


def shown_ids(view: CaseListView) -> list[str]:
    return [view.model.case_at(r).id for r in range(view.model.rowCount())]


def test_a_search_result_planned_on_its_thread_changes_only_the_rows_that_change(qtbot):
    view, searches = searched_view(qtbot)
    type_and_pause(view, "eerste")
    searches.deliver("eerste", {f"id-{n}": f"«eerste» {n}" for n in range(10, 40)})
    assert shown_ids(view) == [f"id-{n}" for n in range(39, 9, -1)]
    type_and_pause(view, "tweede")
    recorder = Recorder(view.model)
    searches.deliver("tweede", {f"id-{n}": f"«tweede» {n}" for n in [*range(12, 40), 50, 51]})
    assert ("reset",) not in recorder.events
    assert recorder.events == [("removed", 28, 29), ("inserted", 0, 1)]
    assert shown_ids(view) == [f"id-{n}" for n in (51, 50, *range(39, 11, -1))]
    assert view.count.text() == "30 van 60 casussen"
    assert view.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Gevonden: «tweede» 51"


FOUND = {f"id-{n}": "" for n in range(0, 60, 3)}


def sort_by_reference(view: CaseListView) -> list[str]:
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return sorted(FOUND, key=lambda i: f"VW-{int(i[3:]):05d}")


def open_only(view: CaseListView) -> list[str]:
    view.open_only.setChecked(True)
    return [i for i in shown_order(FOUND) if int(i[3:]) % 4]


def overview_figure(view: CaseListView) -> list[str]:
    view.show_only([f"id-{n}" for n in range(30)], "Te laat")
    return [i for i in shown_order(FOUND) if int(i[3:]) < 30]


def discreet(view: CaseListView) -> list[str]:
    view.set_discreet(True, "id-7")
    return ["id-7"]


def typed_on(view: CaseListView) -> list[str]:
    before = shown_ids(view)
    view.filter.setText("zoekwoord verder")  # the typing pause is still to come
    return before


def shown_order(ids) -> list[str]:
    return sorted(ids, key=lambda i: -int(i[3:]))


@pytest.mark.parametrize("meanwhile", [sort_by_reference, open_only, overview_figure,
                                       discreet, typed_on])
def test_a_search_result_planned_before_the_list_changed_shows_what_the_list_asks(
        qtbot, meanwhile):
    """Between starting the search and its result, the worker sorts, ticks
    a box, picks a figure of the overview, turns on discreet mode or types
    on: the result is not applied as planned (that plan is for rows no
    longer shown) but filtered anew, as the list now stands."""
    view, searches = searched_view(qtbot)
    type_and_pause(view, "zoekwoord")
    expected = meanwhile(view)
    searches.deliver("zoekwoord", FOUND)
    assert shown_ids(view) == expected


def test_a_failed_search_shows_no_cases_as_before(qtbot):
    view, searches = searched_view(qtbot)
    type_and_pause(view, "zoekwoord")
    _prepare, deliver = searches.asked.pop("zoekwoord")
    deliver(None)
    assert shown_ids(view) == [] and not view.searching


@pytest.mark.parametrize("found", [{f"id-{n}": "" for n in range(0, 60, 2)},  # a new fill
                                   {f"id-{n}": "" for n in range(1, 50)}])  # rows removed
def test_a_search_result_is_laid_out_in_the_turn_that_shows_it(qtbot, found):
    """Left to Qt, the rows are laid out a turn later (a timer), and that
    layout repaints the whole table a second time after the first paint of
    the new rows: laid out at once, the new rows are painted once."""
    view, searches = searched_view(qtbot)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    bar = view.table.verticalScrollBar()
    before = bar.maximum()
    type_and_pause(view, "zoekwoord")
    searches.deliver("zoekwoord", found)
    # No event handled since, yet the scroll bar already fits the new rows.
    right_away = bar.maximum()
    qtbot.wait(50)
    assert right_away == bar.maximum() != before
    assert shown_ids(view) == shown_order(found)
