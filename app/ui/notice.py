"""Short notices in the main window's status bar ("Bewaard als concept").

A dialog that closes cannot show its own message, so it leaves one in the
status bar of the window it belongs to. The shell clears it on lock: a
notice may name a case reference.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

NOTICE_MS = 12_000


def tell(widget: QWidget | None, text: str) -> None:
    """Show ``text`` for a few seconds in the status bar of ``widget``'s main window."""
    window = widget.window() if widget is not None else None
    while window is not None and not isinstance(window, QMainWindow):
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, NOTICE_MS)
