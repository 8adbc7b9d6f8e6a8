"""Run slow work off the UI thread, then come back to it (Anki's CollectionOp idea).

``run_task(parent, work, on_success, on_failure)`` runs ``work()`` in a worker
thread; ``run_store_task(parent, store, work, …)`` runs ``work(own)`` with
``own`` the same store on a connection of the worker thread's own
(``Store.for_thread``): a connection is never shared between threads. The
callbacks run on the UI thread, and not at all once ``parent`` is gone.
Errors a user can cause come back as the exception; anything else is turned
into a generic message by the screen, never a traceback.

``wait_for_store_task(parent, store, work)`` is for reads the screen needs
before it can go on (opening a case, filling the case list): it returns the
result, but the event loop keeps turning while the read runs, so the window
repaints and answers input meanwhile instead of freezing for the read.

Locking calls ``stop_tasks(store)`` before it closes the store: each task on
it is told to stop (its next statement fails, see ``Store.for_thread``) and
waited for, so the store never closes under a running task. A task stopped
that way reports ``TaskStopped``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QThread, Signal, Slot

from app.services.session import Store, TaskStopped


class _Task(QThread):
    """The work runs in ``run``, on the thread; the signals reach the UI
    thread queued, since the relay that receives them lives there."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[..., Any], store: Store | None) -> None:
        # No parent: a dialog that closes must not destroy a running thread.
        super().__init__()
        self._work, self.store = work, store
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            if self.store is None:
                result = self._work()
            else:
                with self.store.for_thread(self.stop) as own:
                    result = self._work(own)
        except Exception as exc:  # handed to the UI thread, shown as a message there
            self.failed.emit(TaskStopped() if self.stop.is_set() else exc)
        else:
            self.succeeded.emit(result)


class _Relay(QObject):
    """Lives on the UI thread, as a child of the screen that asked for the work."""

    def __init__(self, task: _Task, on_success, on_failure, parent: QObject) -> None:
        super().__init__(parent)
        self._task = task
        self._on_success, self._on_failure = on_success, on_failure

    @Slot(object)
    def success(self, result) -> None:
        self._on_success(result)

    @Slot(object)
    def failure(self, exc) -> None:
        self._on_failure(exc)

    @Slot()
    def done(self) -> None:
        _forget_finished()
        self.deleteLater()


#: Tasks started and not yet seen finished; only touched on the UI thread.
_running: list[_Task] = []
#: The newest task per (screen, name), for ``replaces``; only touched on the UI thread.
_newest: dict[tuple[int, str], _Task] = {}


def _forget_finished() -> None:
    for task in [t for t in _running if t.isFinished()]:
        _running.remove(task)
        for key in [k for k, t in _newest.items() if t is task]:
            del _newest[key]
        task.deleteLater()


def _start(parent: QObject, task: _Task, on_success, on_failure) -> QThread:
    _forget_finished()
    relay = _Relay(task, on_success, on_failure, parent)
    task.succeeded.connect(relay.success)
    task.failed.connect(relay.failure)
    task.finished.connect(relay.done)
    _running.append(task)
    task.start()
    return task


def run_task(parent: QObject, work: Callable[[], Any], on_success: Callable[[Any], None],
             on_failure: Callable[[Exception], None]) -> QThread:
    """``work()`` on a worker thread; for work that does not use an open store."""
    return _start(parent, _Task(work, None), on_success, on_failure)


def run_store_task(parent: QObject, store: Store, work: Callable[[Store], Any],
                   on_success: Callable[[Any], None],
                   on_failure: Callable[[Exception], None],
                   replaces: str | None = None) -> QThread:
    """``work(own)`` on a worker thread, ``own`` being ``store`` on that
    thread's own connection; ``stop_tasks(store)`` stops it.

    ``replaces``: a name for what the task reads, such as "search". A newer
    task of ``parent`` with the same name stops the older one (its next
    statement fails, so it reports ``TaskStopped``): only the newest query
    runs on, and the older one's result never comes."""
    task = _Task(work, store)
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
    task = _Task(work, store)
    _replace(parent, replaces, task)
    # Queued to the loop on this thread, after the result itself: the loop
    # ends once the result (or error) has been handed over.
    task.finished.connect(loop.quit)
    _start(parent, task, lambda result: outcome.append((True, result)),
           lambda exc: outcome.append((False, exc)))
    loop.exec()
    if not outcome:  # the screen that asked is gone
        raise TaskStopped()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def stop_tasks(store: Store) -> None:
    """Tell every task on ``store`` to stop, and wait until each has let go of it."""
    tasks = [t for t in _running if t.store is store]
    for task in tasks:
        task.stop.set()
    for task in tasks:
        task.wait()
