"""Run slow work off the UI thread, then come back to it (Anki's CollectionOp idea).

``run_task(parent, work, on_success, on_failure)`` runs ``work()`` on a worker
thread; ``run_store_task(parent, store, work, …)`` runs ``work(own)`` with
``own`` the same store on a connection of the worker thread's own
(``Store.for_thread``): a connection is never shared between threads. The
callbacks run on the UI thread, and not at all once ``parent`` is gone.
Errors a user can cause come back as the exception; anything else is turned
into a generic message by the screen, never a traceback.

The workers are the threads of one pool that live as long as the app, so
that no read waits for a thread to start (measured without a profiler that
start was 0.05-0.12 ms, not the ~7 ms cProfile showed: issue 17,
benchmarks/README.md). Each task takes its connection from
``Store.for_thread``, which the store keeps for a later task or closes; no
connection belongs to a pool thread, and the lock closes them all.

``wait_for_task(work)`` does the same for work without a store (unlocking).

``wait_for_store_task(parent, store, work)`` is for reads the screen needs
before it can go on (opening a case, filling the case list): it returns the
result, but the event loop keeps turning while the read runs, so the window
repaints and answers input meanwhile instead of freezing for the read.

Locking calls ``stop_tasks(store)`` before it closes the store: each task on
it is told to stop (its next statement fails, see ``Store.for_thread``) and
waited for, so the store never closes under a running task. A task stopped
that way reports ``TaskStopped``. A read started with ``replaces`` never
delivers once it is stopped, not even a result it had already made: after a
newer read or a lock, what it found is not to be shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QThreadPool, Signal, Slot

from app.services.session import Store, TaskStopped

#: More than the reads and actions that run at once (a list, a search, a
#: case, an export, a backup); a task beyond it waits for a free thread.
MAX_WORKERS = 8


class _Signals(QObject):
    """Made on the UI thread, so what a worker emits reaches it queued."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class _Task:
    """One piece of work for the pool; ``run`` runs on a pool thread."""

    def __init__(self, work: Callable[..., Any], store: Store | None,
                 drop_when_stopped: bool = False) -> None:
        self._work, self.store = work, store
        self.drop_when_stopped = drop_when_stopped
        #: Set to stop the task (a lock, or a newer read that replaces it).
        self.stop = threading.Event()
        #: Set once ``run`` has let go of the store and sent its outcome.
        self.done = threading.Event()
        self.signals = _Signals()
        #: Set on the UI thread once the outcome has been handed over (or
        #: the screen that asked is gone): only then may the signals go,
        #: or an outcome still queued would be lost with them.
        self.seen = False
        #: (True, result) or (False, exception), set on the worker before the signals.
        self.outcome: tuple[bool, Any] | None = None

    def running(self) -> bool:
        return not self.done.is_set()

    def run(self) -> None:
        try:
            if self.stop.is_set():  # replaced or locked before a thread was free
                raise TaskStopped()
            if self.store is None:
                result = self._work()
            else:
                with self.store.for_thread(self.stop) as own:
                    result = self._work(own)
        except Exception as exc:  # handed to the UI thread, shown as a message there
            self.outcome = (False, TaskStopped() if self.stop.is_set() else exc)
            self.signals.failed.emit(self.outcome[1])
        else:
            self.outcome = (True, result)
            self.signals.succeeded.emit(result)
        finally:
            self.done.set()
            self.signals.finished.emit()


class _Relay(QObject):
    """Lives on the UI thread, as a child of the screen that asked for the work."""

    def __init__(self, task: _Task, on_success, on_failure, parent: QObject) -> None:
        super().__init__(parent)
        self._task = task
        self._on_success, self._on_failure = on_success, on_failure
        self.destroyed.connect(lambda *_: setattr(task, "seen", True))

    @Slot(object)
    def success(self, result) -> None:
        # Checked here, on the UI thread: a stop asked after the read was
        # made but before it got here still keeps it from the screen.
        if self._task.drop_when_stopped and self._task.stop.is_set():
            self._on_failure(TaskStopped())
            return
        self._on_success(result)

    @Slot(object)
    def failure(self, exc) -> None:
        self._on_failure(exc)

    @Slot()
    def done(self) -> None:
        self._task.seen = True
        _forget_finished()
        self.deleteLater()


#: Tasks started and not yet seen finished; only touched on the UI thread.
_running: list[_Task] = []
#: The newest task per (screen, name), for ``replaces``; only touched on the UI thread.
_newest: dict[tuple[int, str], _Task] = {}
_pool: QThreadPool | None = None


def _workers() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(MAX_WORKERS)
        # Threads wait for work for the life of the app instead of 30 s:
        # the point is not to start one when the worker types or opens a case.
        _pool.setExpiryTimeout(-1)
    return _pool


def _forget_finished() -> None:
    for task in [t for t in _running if t.seen and not t.running()]:
        _running.remove(task)
        for key in [k for k, t in _newest.items() if t is task]:
            del _newest[key]


def _start(parent: QObject, task: _Task, on_success, on_failure) -> _Task:
    _forget_finished()
    relay = _Relay(task, on_success, on_failure, parent)
    task.signals.succeeded.connect(relay.success)
    task.signals.failed.connect(relay.failure)
    task.signals.finished.connect(relay.done)
    _running.append(task)
    _workers().start(task.run)
    return task


def run_task(parent: QObject, work: Callable[[], Any], on_success: Callable[[Any], None],
             on_failure: Callable[[Exception], None]) -> _Task:
    """``work()`` on a worker thread; for work that does not use an open store."""
    return _start(parent, _Task(work, None), on_success, on_failure)


def run_store_task(parent: QObject, store: Store, work: Callable[[Store], Any],
                   on_success: Callable[[Any], None],
                   on_failure: Callable[[Exception], None],
                   replaces: str | None = None) -> _Task:
    """``work(own)`` on a worker thread, ``own`` being ``store`` on that
    thread's own connection; ``stop_tasks(store)`` stops it.

    ``replaces``: a name for what the task reads, such as "search". A newer
    task of ``parent`` with the same name stops the older one (its next
    statement fails): only the newest query runs on, and the older one's
    result never comes; its ``on_failure`` gets ``TaskStopped``."""
    task = _Task(work, store, drop_when_stopped=replaces is not None)
    _replace(parent, replaces, task)
    return _start(parent, task, on_success, on_failure)


def _replace(parent: QObject, name: str | None, task: _Task) -> None:
    if name is None:
        return
    key = (id(parent), name)
    older = _newest.get(key)
    if older is not None:
        older.stop.set()
    _newest[key] = task


def wait_for_store_task(parent: QObject, store: Store, work: Callable[[Store], Any],
                        replaces: str | None = None) -> Any:
    """``work(own)`` on a worker thread, as ``run_store_task``; returns its
    result, or raises what it raised (``TaskStopped`` once a lock stopped it).

    Meanwhile a local event loop runs, as a dialog's ``exec`` does: the
    window stays responsive, and the caller reads on in order once the
    result is back. Input handled meanwhile can start other work; a caller
    that shows the result checks that it is still wanted. ``replaces``: see
    ``run_store_task``."""
    outcome: list[tuple[bool, Any]] = []
    loop = QEventLoop()
    task = _Task(work, store, drop_when_stopped=replaces is not None)
    _replace(parent, replaces, task)
    # Queued to the loop on this thread, after the result itself: the loop
    # ends once the result (or error) has been handed over.
    task.signals.finished.connect(loop.quit)
    _start(parent, task, lambda result: outcome.append((True, result)),
           lambda exc: outcome.append((False, exc)))
    loop.exec()
    if not outcome:  # the screen that asked is gone
        raise TaskStopped()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def wait_for_task(work: Callable[[], Any]) -> Any:
    """``work()`` on a worker thread while a local event loop turns, as
    ``wait_for_store_task``; returns its result or raises what it raised.

    The outcome comes back in every case, also when the app quits meanwhile
    (its loops all end; this then waits for the thread): for work whose
    result must be seen to, such as a store opened for the window."""
    loop = QEventLoop()
    task = _Task(work, None)
    task.seen = True  # no relay: the outcome is read here
    task.signals.finished.connect(loop.quit)
    _running.append(task)
    _workers().start(task.run)
    if not task.done.is_set():
        loop.exec()
    task.done.wait()
    _forget_finished()
    assert task.outcome is not None
    ok, value = task.outcome
    if not ok:
        raise value
    return value


def stop_tasks(store: Store) -> None:
    """Tell every task on ``store`` to stop, and wait until each has let go of it."""
    tasks = [t for t in _running if t.store is store]
    for task in tasks:
        task.stop.set()
    for task in tasks:
        task.done.wait()
