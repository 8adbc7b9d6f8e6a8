"""Every window and dialog fits the screen it opens on.

Dialogs ask for a comfortable size (``resize(760, 680)``); on a 1366×768
laptop with large text (150 % or 200 %, so 911×512 or 683×384 logical
pixels) that is taller or wider than the screen and the buttons end up off
it. One application-wide event filter shrinks every window, when it is
shown, to the room the screen has (less the window frame) and moves it fully
onto that screen. Each window keeps its buttons outside its scrolling part,
so shrinking it only makes that part scroll; tests/ui/test_fit_screen.py
opens every window at 1×, 1.5× and 2× and checks that every button is on the
screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStyle, QWidget


def room_on_screen(window: QWidget) -> QRect:
    """The part of ``window``'s screen that windows may use (no task bar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _frame_extra(window: QWidget) -> QSize:
    """Width and height the window frame adds. Before the first show the frame
    is not known yet, so at least a title bar and borders are reserved."""
    frame, inner = window.frameGeometry(), window.geometry()
    title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
    border = 2 * window.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    known = frame.size() - inner.size()
    return QSize(max(known.width(), border), max(known.height(), title + border // 2))


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` to its screen's free room and move it fully onto it."""
    room = room_on_screen(window)
    extra = _frame_extra(window)
    width = min(window.width(), room.width() - extra.width())
    height = min(window.height(), room.height() - extra.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    outer_w, outer_h = window.width() + extra.width(), window.height() + extra.height()
    pos = window.frameGeometry().topLeft()
    x = min(max(pos.x(), room.left()), room.left() + room.width() - outer_w)
    y = min(max(pos.y(), room.top()), room.top() + room.height() - outer_h)
    if (x, y) != (pos.x(), pos.y()):
        window.move(max(x, room.left()), max(y, room.top()))


class ScreenFit(QObject):
    """Application event filter: fits every main window and dialog as it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (event.type() == QEvent.Type.Show and isinstance(watched, QDialog | QMainWindow)
                and watched.isWindow()):
            fit_to_screen(watched)
        return False


def install(app: QApplication) -> ScreenFit:
    """Fit every window of ``app`` from now on; returns the filter (kept by ``app``)."""
    fitter = ScreenFit(app)
    app.installEventFilter(fitter)
    return fitter
