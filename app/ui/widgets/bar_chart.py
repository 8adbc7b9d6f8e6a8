"""A small bar chart that knows nothing of the app: labels, values, a click."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    """Vertical bars with their value on top and their label below.
    ``bar_clicked(index)`` fires on a click, or on Enter for the focused bar
    (Left/Right move the focus), so the chart works from the keyboard too."""

    bar_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.values: list[int] = []
        self.current = 0
        #: The bars' colour; by default the palette's highlight, which has
        #: contrast with its window in light, dark and high-contrast palettes.
        self.colour: QColor | None = None
        self.setMinimumHeight(160)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(self, labels: list[str], values: list[int]) -> None:
        self.labels, self.values = list(labels), list(values)
        self.current = min(self.current, max(len(values) - 1, 0))
        self.setAccessibleDescription(
            ", ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True)))
        self.update()

    def _bar_rect(self, index: int) -> QRectF:
        count = max(len(self.values), 1)
        slot = self.width() / count
        top, bottom = 22.0, self.height() - 26.0
        peak = max(self.values, default=0) or 1
        height = (bottom - top) * self.values[index] / peak
        return QRectF(index * slot + slot * 0.2, bottom - height, slot * 0.6, height)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        count = max(len(self.values), 1)
        slot = self.width() / count
        for i, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            bar = self._bar_rect(i)
            fill = self.colour or self.palette().color(QPalette.ColorRole.Highlight)
            colour = fill.darker(130) if self.hasFocus() and i == self.current else fill
            painter.fillRect(bar, colour)
            painter.setPen(text)
            painter.drawText(QRectF(i * slot, bar.top() - 20, slot, 18),
                             Qt.AlignmentFlag.AlignCenter, str(value))
            painter.drawText(QRectF(i * slot, self.height() - 24, slot, 22),
                             Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.values:
            index = int(event.position().x() // (self.width() / len(self.values)))
            if 0 <= index < len(self.values):
                self.current = index
                self.bar_clicked.emit(index)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Left and self.current > 0:
            self.current -= 1
        elif event.key() == Qt.Key.Key_Right and self.current < len(self.values) - 1:
            self.current += 1
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.bar_clicked.emit(self.current)
        else:
            super().keyPressEvent(event)
            return
        self.update()
