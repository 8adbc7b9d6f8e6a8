"""A number editor that can also say "not filled in".

Qt's spin boxes always hold a value. This one uses the usual Qt trick: one
value below the allowed range stands for "empty" and shows
``specialValueText``. On top of that:

- pressing Up/Down in an empty editor starts from 0, not from the sentinel;
- selecting all text and pressing Delete or Backspace empties the editor.

Dates are typed in ``date_field.DateField``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QSpinBox, QWidget

_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_START_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def _wants_clear(box: QAbstractSpinBox, event: QKeyEvent) -> bool:
    line = box.lineEdit()
    return event.key() in _CLEAR_KEYS and (
        line.hasSelectedText() and line.selectedText() == line.text())


class OptionalSpinBox(QSpinBox):
    """A whole number between ``low`` and ``high``, or nothing."""

    def __init__(self, low: int | None, high: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._low = -(2**31) + 2 if low is None else low
        self.setRange(self._low - 1, 2**31 - 1 if high is None else high)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.clear_value()

    def is_empty(self) -> bool:
        return self.value() == self.minimum()

    def clear_value(self) -> None:
        self.setValue(self.minimum())

    def number(self) -> int | None:
        return None if self.is_empty() else self.value()

    def set_number(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if _wants_clear(self, event):
            self.clear_value()
            self.selectAll()
            return
        if self.is_empty() and event.key() in _START_KEYS:
            self.setValue(min(max(0, self._low), self.maximum()))
            self.selectAll()
            return
        super().keyPressEvent(event)
