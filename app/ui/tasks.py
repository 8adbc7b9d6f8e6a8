"""Run slow work off the UI thread, then come back to it (Anki's CollectionOp idea).

``run_task(parent, work, on_success, on_failure)`` runs ``work()`` in a worker
thread; the callbacks run on the UI thread. Errors a user can cause come back
as the exception; anything else is turned into a generic message, never a
traceback on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot


class _Worker(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the UI thread, shown as a message there
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class _Relay(QObject):
    """Lives on the UI thread, so the worker's signals reach the callbacks
    there (a queued connection) and not on the worker thread."""

    def __init__(self, on_success, on_failure, parent: QObject) -> None:
        super().__init__(parent)
        self._on_success, self._on_failure = on_success, on_failure

    @Slot(object)
    def success(self, result) -> None:
        self._on_success(result)

    @Slot(object)
    def failure(self, exc) -> None:
        self._on_failure(exc)


_running: set[QThread] = set()


def run_task(parent: QObject, work: Callable[[], Any], on_success: Callable[[Any], None],
             on_failure: Callable[[Exception], None]) -> QThread:
    thread = QThread(parent)
    worker = _Worker(work)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    relay = _Relay(on_success, on_failure, parent)
    worker.finished.connect(relay.success)
    worker.failed.connect(relay.failure)
    worker.finished.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.finished.connect(lambda: _running.discard(thread))
    thread.finished.connect(relay.deleteLater)
    thread.worker = worker  # keep the worker alive as long as its thread
    _running.add(thread)
    thread.start()
    return thread
