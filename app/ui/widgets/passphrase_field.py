"""A passphrase entry with a show/hide toggle. Knows nothing of the app.

The entry is a secret field for screen readers (``app.ui.accessibility``):
they hear "password text" and bullets, never what was typed, also while
the text is shown on screen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from app.ui.accessibility import mark_secret


class PassphraseField(QWidget):
    textChanged = Signal(str)
    returnPressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        mark_secret(self.edit)
        self.edit.textChanged.connect(self.textChanged)
        self.edit.returnPressed.connect(self.returnPressed)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        # The toggle is reachable by mouse; keyboard users stay in the field.
        self.toggle.setFocusPolicy(self.toggle.focusPolicy().NoFocus)
        self.toggle.toggled.connect(self._toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.toggle)
        self.setFocusProxy(self.edit)
        self.set_texts("", "", "")

    def set_texts(self, accessible_name: str, show: str, hide: str) -> None:
        self._show, self._hide = show, hide
        self.edit.setAccessibleName(accessible_name)
        self.toggle.setText(hide if self.toggle.isChecked() else show)
        self.toggle.setAccessibleName(self.toggle.text())

    def _toggled(self, on: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.toggle.setText(self._hide if on else self._show)
        self.toggle.setAccessibleName(self.toggle.text())

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.edit.clear()
        self.toggle.setChecked(False)
