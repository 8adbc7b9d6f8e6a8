"""A dialog's body that scrolls while its buttons stay: every dialog must fit
a small screen at large text (``app.ui.fit`` shrinks the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget


def scrolling(body: QWidget) -> QScrollArea:
    """``body`` in a scroll area that takes no Tab stop of its own."""
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return scroll
