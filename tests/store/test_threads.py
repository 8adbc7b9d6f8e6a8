"""One connection per thread: a task gets the store on its own connection,
and stops when told to (``Store.for_thread``)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlcipher3

from app.cases.model import new_id
from app.store.audit import AuditAction
from app.store.errors import TaskStopped
from app.store.store import Store


def in_thread(work):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result(timeout=60)


def test_the_store_connection_refuses_another_thread(store: Store):
    with pytest.raises(sqlcipher3.ProgrammingError):
        in_thread(lambda: store.cases.count())


def test_a_task_reads_and_writes_on_its_own_connection(store: Store):
    def work():
        with store.for_thread() as own:
            assert own.conn is not store.conn
            with own.transaction():
                own.audit.append(AuditAction.VIEW, "case", "task")
            return own.store_id, own.cases.count()

    assert in_thread(work) == (store.store_id, 0)
    assert [e.object_id for e in store.audit.entries()][-1] == "task"


def test_a_stopped_task_writes_nothing(store: Store):
    stop = threading.Event()

    def work():
        with store.for_thread(stop) as own:
            stop.set()
            with own.transaction():
                own.audit.append(AuditAction.VIEW, "case", "never")

    with pytest.raises(TaskStopped):
        in_thread(work)
    assert "never" not in [e.object_id for e in store.audit.entries()]


def test_stopping_interrupts_a_long_statement(store: Store):
    """A statement that would run for minutes stops soon after the signal."""
    stop, started = threading.Event(), threading.Event()

    def work():
        with store.for_thread(stop) as own:
            started.set()
            own.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                             " WHERE i < 10000000000) SELECT count(*) FROM n").fetchone()

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(work)
        assert started.wait(30)
        time.sleep(0.1)
        asked = time.monotonic()
        stop.set()
        with pytest.raises(sqlcipher3.OperationalError, match="interrupt"):
            future.result(timeout=30)
        assert time.monotonic() - asked < 5


def test_no_task_connection_after_the_store_closed(store_path):
    store = Store.create(store_path, "vier woorden als wachtwoord")
    store.close()
    assert store._key is None  # the copy of the key is gone with the store
    with pytest.raises(TaskStopped), store.for_thread():
        pass


def test_a_task_sees_what_the_ui_committed(store: Store):
    from app.services.cases import create_case

    case = create_case(store, f"Familie {new_id()[:4]}")

    def work():
        with store.for_thread() as own:
            return own.cases.get(case.id).household_name

    assert in_thread(work) == case.household_name


def test_a_task_connection_is_kept_for_the_next_task_and_closed_with_the_store(store_path):
    store = Store.create(store_path, "vier woorden als wachtwoord")

    def task():
        with store.for_thread() as own:
            return own.conn, own.cases.count()

    first, _count = in_thread(task)
    second, _count = in_thread(task)  # another thread, the same warm connection
    assert second is first
    store.close()
    with pytest.raises(sqlcipher3.ProgrammingError, match="closed"):
        first.execute("SELECT 1")


def test_a_stopped_task_leaves_nothing_behind_for_the_next(store: Store):
    stop = threading.Event()

    def stopped():
        with store.for_thread(stop) as own:
            own.conn.execute("BEGIN")
            own.conn.execute("SELECT count(*) FROM cases").fetchone()
            stop.set()
            own.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                             " WHERE i < 10000000000) SELECT count(*) FROM n").fetchone()

    with pytest.raises(sqlcipher3.OperationalError, match="interrupt"):
        in_thread(stopped)

    def next_task():
        with store.for_thread() as own:
            # No transaction left open, and the stop of the task before does not apply.
            assert not own.conn.in_transaction
            return own.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                    " FROM n WHERE i < 100000) SELECT count(*) FROM n").fetchone()

    assert in_thread(next_task) == (100000,)


def test_at_most_a_few_task_connections_stay_open(store: Store):
    from app.store.store import IDLE_TASK_CONNECTIONS

    opened, release = [], threading.Event()

    def task():
        with store.for_thread() as own:
            opened.append(own.conn)
            release.wait(30)

    with ThreadPoolExecutor(IDLE_TASK_CONNECTIONS + 2) as pool:
        futures = [pool.submit(task) for _ in range(IDLE_TASK_CONNECTIONS + 2)]
        while len(opened) < len(futures):
            time.sleep(0.01)
        release.set()
        for future in futures:
            future.result(timeout=30)
    assert len(set(map(id, opened))) == IDLE_TASK_CONNECTIONS + 2
    assert len(store._idle) == IDLE_TASK_CONNECTIONS
    closed = [c for c in opened if c not in store._idle]
    for conn in closed:
        with pytest.raises(sqlcipher3.ProgrammingError, match="closed"):
            conn.execute("SELECT 1")
