"""Idle lock: notice when nobody has used the app for a while.

``IdleWatcher`` is installed as an application-wide event filter and counts
key, mouse, wheel and touch input as activity (not timers, not repaints, not
window moves by the system). After ``minutes`` without activity it emits
``idle`` once; the shell locks the store on it. It also emits ``idle`` when
the application is suspended (``Qt.ApplicationState.ApplicationSuspended``,
the closest Qt signal to the system going to sleep; a closed lid or a locked
screen should not leave a case open).

Safe default: 5 minutes, settable from 1 to 30 (``app.config.Settings``).
``interval_ms`` overrides the time for tests.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 1, 30, 5

ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.InputMethod,
})


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: int = DEFAULT_MINUTES, parent: QObject | None = None, *,
                 interval_ms: int | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._active = False
        self.set_minutes(minutes)
        if interval_ms is not None:
            self._timer.setInterval(interval_ms)
        app = QCoreApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)

    # -- settings ------------------------------------------------------------

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_minutes(self, minutes: int) -> None:
        if not MIN_MINUTES <= int(minutes) <= MAX_MINUTES:
            raise ValueError(f"idle minutes must be {MIN_MINUTES} to {MAX_MINUTES}")
        self._timer.setInterval(int(minutes) * 60_000)
        if self._active:
            self._timer.start()

    # -- on and off ------------------------------------------------------------

    def start(self) -> None:
        """Watch (after an unlock). Installs the event filter on the application."""
        app = QCoreApplication.instance()
        if app is not None and not self._active:
            app.installEventFilter(self)
        self._active = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (after a lock); nothing is emitted until ``start``."""
        app = QCoreApplication.instance()
        if app is not None and self._active:
            app.removeEventFilter(self)
        self._active = False
        self._timer.stop()

    # -- events ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._active and event.type() in ACTIVITY:
            self._timer.start()
        return False

    def _fire(self) -> None:
        if self._active:
            self.idle.emit()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if self._active and state == Qt.ApplicationState.ApplicationSuspended:
            self._timer.stop()
            self.idle.emit()
