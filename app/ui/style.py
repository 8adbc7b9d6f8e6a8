"""The app's style sheet, and the tint that marks the training store."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

BASE = """
QLabel#screenTitle { font-size: 18pt; font-weight: 600; }
QLabel#warning { color: #8a3b00; }
"""

#: Every window and dialog of the training store is tinted blue, so a trainee
#: can never mistake it for real work.
TRAINING = """
QMainWindow, QDialog { background: #e3f1f8; }
"""


def mark_training(on: bool) -> None:
    app = QApplication.instance()
    if app is not None:
        app.setStyleSheet(BASE + (TRAINING if on else ""))
