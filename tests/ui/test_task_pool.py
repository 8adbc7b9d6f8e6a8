"""Background work on the pool's long-lived threads (``app.ui.tasks``): a
read that a newer one replaces, or that a lock stops, never delivers, not
even a result it had already made; other work that finished before a lock
still reports it; and no thread is started per read."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from PySide6.QtWidgets import QWidget

from app.services import cases as case_service
from app.store.errors import TaskStopped
from app.store.store import Store
from app.ui import tasks
from tests.conftest import PASSPHRASE

pytest.importorskip("pytestqt")


@pytest.fixture
def store(tmp_path: Path):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        case_service.create_case(store, "Familie Jansen")
        yield store


@pytest.fixture
def screen(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


class Outcome:
    def __init__(self) -> None:
        self.results: list = []
        self.errors: list[Exception] = []

    def success(self, result) -> None:
        self.results.append(result)

    def failure(self, exc: Exception) -> None:
        self.errors.append(exc)

    @property
    def arrived(self) -> bool:
        return bool(self.results or self.errors)


def test_a_replaced_read_that_had_its_result_never_delivers_it(qtbot, store, screen):
    made, go = threading.Event(), threading.Event()

    def older(own):
        rows = case_service.list_cases(own)  # read in full before the newer one starts
        made.set()
        assert go.wait(30)
        return rows

    first, second = Outcome(), Outcome()
    task = tasks.run_store_task(screen, store, older, first.success, first.failure,
                                replaces="list")
    assert made.wait(30)
    tasks.run_store_task(screen, store, case_service.list_cases, second.success,
                         second.failure, replaces="list")
    go.set()
    qtbot.waitUntil(lambda: first.arrived and second.arrived, timeout=10000)
    assert task.outcome is not None and task.outcome[0]  # the older read did finish
    assert first.results == [] and len(first.errors) == 1
    assert isinstance(first.errors[0], TaskStopped)
    assert [row.household_name for row in second.results[0]] == ["Familie Jansen"]


def test_a_read_finished_just_before_the_lock_never_reaches_the_screen(qtbot, store, screen):
    outcome = Outcome()
    task = tasks.run_store_task(screen, store, case_service.list_cases, outcome.success,
                                outcome.failure, replaces="search")
    assert task.done.wait(30)  # made, and its result queued to the UI thread
    tasks.stop_tasks(store)  # the lock comes before the result is handed over
    qtbot.waitUntil(lambda: outcome.arrived, timeout=10000)
    assert outcome.results == [] and isinstance(outcome.errors[0], TaskStopped)


def test_work_that_finished_before_the_lock_still_reports_it(qtbot, store, screen):
    """An export or a backup that was done is said to be done, not 'afgebroken'."""
    outcome = Outcome()
    task = tasks.run_store_task(screen, store, lambda own: "written", outcome.success,
                                outcome.failure)
    assert task.done.wait(30)
    tasks.stop_tasks(store)
    qtbot.waitUntil(lambda: outcome.arrived, timeout=10000)
    assert outcome.results == ["written"] and outcome.errors == []


def test_a_lock_stops_a_running_read_and_waits_for_it(qtbot, store, screen):
    inside, statements = threading.Event(), []

    def long_read(own):
        inside.set()
        while True:  # until the stop makes a statement fail
            statements.append(own.conn.execute("SELECT count(*) FROM cases").fetchone())

    outcome = Outcome()
    task = tasks.run_store_task(screen, store, long_read, outcome.success, outcome.failure,
                                replaces="list")
    assert inside.wait(30)
    tasks.stop_tasks(store)
    assert not task.running()  # waited for: its connection is closed before the store
    qtbot.waitUntil(lambda: outcome.arrived, timeout=10000)
    assert isinstance(outcome.errors[0], TaskStopped) and outcome.results == []


def test_reads_reuse_the_pools_threads(qtbot, store, screen):
    threads: list[int] = []
    for _ in range(3 * tasks.MAX_WORKERS):
        tasks.wait_for_store_task(screen, store, lambda own: threads.append(
            threading.get_ident()) or case_service.list_cases(own))
    assert threading.main_thread().ident not in threads
    assert len(set(threads)) <= tasks.MAX_WORKERS < len(threads)
