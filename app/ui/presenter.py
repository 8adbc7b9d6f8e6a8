"""Presenter mode: larger text for a trainer who projects the screen.

``set_presenter_mode(app, True)`` scales the application font (×1.6 by
default) and ``set_presenter_mode(app, False)`` brings the normal font back.
Widgets that follow the application font grow with it. Widgets that set
their own font size (titles and headings, such as those of the form
renderer) are scaled by the same factor, both ways, so a heading stays
larger than the text under it. Windows opened while presenter mode is on
take the larger font from the start.

The normal font is kept as a property of the application, not in the
settings: presenter mode lasts one session and says nothing about anyone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

PRESENTER_SCALE = 1.6
_NORMAL_FONT = "veiligwijzerNormalFont"
_SCALE = "veiligwijzerPresenterScale"


def is_presenter_mode(app: QApplication) -> bool:
    return app.property(_SCALE) is not None


def _size(font: QFont) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())


def _scaled(font: QFont, factor: float) -> QFont:
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return font


def _own_sizes(app: QApplication) -> list[tuple[QWidget, QFont]]:
    """Widgets that set a font size of their own (not the size they inherit)."""
    found = []
    for widget in app.allWidgets():
        if not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            continue
        parent = widget.parentWidget()
        inherited = parent.font() if parent is not None else app.font(widget)
        if abs(_size(widget.font()) - _size(inherited)) > 0.01:
            found.append((widget, QFont(widget.font())))
    return found


def set_presenter_mode(app: QApplication, on: bool, scale: float = PRESENTER_SCALE) -> None:
    """Switch presenter mode on or off; switching to the current state does nothing."""
    if on == is_presenter_mode(app):
        return
    _settle_fonts()
    own = _own_sizes(app)
    if on:
        if scale <= 0:
            raise ValueError("scale must be positive")
        normal = QFont(app.font())
        app.setProperty(_NORMAL_FONT, normal)
        app.setProperty(_SCALE, float(scale))
        factor = scale
        app.setFont(_scaled(normal, scale))
    else:
        factor = 1 / float(app.property(_SCALE))
        normal = app.property(_NORMAL_FONT)
        app.setProperty(_SCALE, None)
        app.setProperty(_NORMAL_FONT, None)
        app.setFont(normal)
    if app.styleSheet():
        # Under a style sheet Qt does not pass a new application font on to
        # widgets that already exist; setting the sheet again does.
        app.setStyleSheet(app.styleSheet())
    for widget, font in own:
        widget.setFont(_scaled(font, factor))
    _settle_fonts()


def _settle_fonts() -> None:
    """Qt tells widgets about a new application font with posted events;
    deliver them now, so every widget shows (and reports) its final size."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
