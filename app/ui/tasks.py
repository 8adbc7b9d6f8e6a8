"""Run slow work off the UI thread, then come back to it (Anki's CollectionOp idea).

``run_task(parent, work, on_success, on_failure)`` runs ``work()`` in a worker
thread; ``run_store_task(parent, store, work, …)`` runs ``work(own)`` with
``own`` the same store on a connection of the worker thread's own
(``Store.for_thread``): a connection is never shared between threads. The
callbacks run on the UI thread, and not at all once ``parent`` is gone.
Errors a user can cause come back as the exception; anything else is turned
into a generic message by the screen, never a traceback.

Locking calls ``stop_tasks(store)`` before it closes the store: each task on
it is told to stop (its next statement fails, see ``Store.for_thread``) and
waited for, so the store never closes under a running task. A task stopped
that way reports ``TaskStopped``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

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


def _forget_finished() -> None:
    for task in [t for t in _running if t.isFinished()]:
        _running.remove(task)
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
                   on_failure: Callable[[Exception], None]) -> QThread:
    """``work(own)`` on a worker thread, ``own`` being ``store`` on that
    thread's own connection; ``stop_tasks(store)`` stops it."""
    return _start(parent, _Task(work, store), on_success, on_failure)


def stop_tasks(store: Store) -> None:
    """Tell every task on ``store`` to stop, and wait until each has let go of it."""
    tasks = [t for t in _running if t.store is store]
    for task in tasks:
        task.stop.set()
    for task in tasks:
        task.wait()
