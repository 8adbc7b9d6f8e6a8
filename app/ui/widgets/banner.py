"""A coloured strip that says which kind of store is open (demo, training)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class Banner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str, background: str, foreground: str = "#000000") -> None:
        self.setText(text)
        self.setAccessibleName(text)
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; font-weight: bold;"
            " padding: 3px; }")
        self.show()
