"""The five meldcode steps in a row: done, current or open, and what is missing.

Knows nothing of the app: the caller passes plain ``StepView`` rows and listens
to ``step_selected``. Each step is a button, so the worker can move freely with
Tab and Enter, and a screen reader reads the step, its state and what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.style import Tone, ground, text_colour
from app.ui.widgets.flow_layout import FlowLayout

_MARKS = {"done": "✓", "current": "●", "open": "○"}
_TONES = {"done": Tone.SUCCESS, "current": Tone.ACCENT, "open": Tone.MUTED}


@dataclass(frozen=True)
class StepView:
    number: int
    label: str
    state: str  # "done" | "current" | "open"
    state_label: str
    missing: tuple[str, ...] = ()


class Stepper(QWidget):
    step_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._layout = FlowLayout()  # wraps on a narrow screen or with large text
        outer.addLayout(self._layout)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.step_selected)
        self.buttons: dict[int, QPushButton] = {}
        self.extra = QLabel()
        self.extra.setWordWrap(True)
        outer.addWidget(self.extra)

    def set_steps(self, steps: list[StepView], selected: int, extra: str = "") -> None:
        if set(self.buttons) != {s.number for s in steps}:
            self._rebuild([s.number for s in steps])
        for step in steps:
            button = self.buttons[step.number]
            button.setText(f"{_MARKS[step.state]} {step.number}. {step.label}")
            button.setChecked(step.number == selected)
            weight = "bold" if step.number == selected else "normal"
            colour = text_colour(_TONES[step.state], ground(QPalette.ColorRole.Button))
            button.setStyleSheet(f"QPushButton {{ color: {colour};"
                                 f" font-weight: {weight}; padding: 6px 10px; }}")
            tip = step.state_label
            if step.missing:
                tip += "\n" + "\n".join(f"• {m}" for m in step.missing)
            button.setToolTip(tip)
            button.setAccessibleName(f"{step.number}. {step.label}")
            button.setAccessibleDescription(tip)
        self.extra.setText(extra)
        self.extra.setAccessibleName(extra)

    def _rebuild(self, numbers: list[int]) -> None:
        for button in self.buttons.values():
            self._group.removeButton(button)
            button.deleteLater()
        self.buttons.clear()
        while self._layout.count():
            self._layout.takeAt(0)
        # New buttons join the end of the window's Tab chain; put them where the
        # stepper stands, after the last control before it.
        previous = self.previousInFocusChain()
        while previous is not self.window() and previous.focusPolicy() == Qt.FocusPolicy.NoFocus:
            previous = previous.previousInFocusChain()
        for number in numbers:
            button = QPushButton(self)
            button.setCheckable(True)
            self._group.addButton(button, number)
            self._layout.addWidget(button)
            self.buttons[number] = button
            if previous is not self.window():
                QWidget.setTabOrder(previous, button)
            previous = button
