"""The five meldcode steps in a row: done, current or open, and what is missing.

Knows nothing of the app: the caller passes plain ``StepView`` rows and listens
to ``step_selected``. The steps are the tabs of a tab bar, which is what they
are: choosing one shows its page. A screen reader hears "page tab", the step
with its state ("1. Signalen in kaart brengen: klaar"), which tab is selected
(the step on screen), and what is missing as the tab's description; Tab
reaches the bar once and the arrow keys move between the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QTabBar, QVBoxLayout, QWidget

from app.ui.style import Tone, ground, text_colour

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
        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        # Narrow (large text): the steps' names shorten, the whole name stays in
        # the tooltip and the accessible name; the bar never scrolls sideways.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.setStyleSheet("QTabBar::tab { padding: 6px 10px; }"
                                " QTabBar::tab:selected { font-weight: bold; }")
        self.tabs.currentChanged.connect(self._chosen)
        outer.addWidget(self.tabs)
        self.numbers: list[int] = []
        self.extra = QLabel()
        self.extra.setWordWrap(True)
        outer.addWidget(self.extra)

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self.numbers):
            self.step_selected.emit(self.numbers[index])

    def index_of(self, number: int) -> int:
        return self.numbers.index(number)

    def set_steps(self, steps: list[StepView], selected: int, extra: str = "") -> None:
        blocked = self.tabs.blockSignals(True)
        try:
            if self.numbers != [s.number for s in steps]:
                while self.tabs.count():
                    self.tabs.removeTab(0)
                self.numbers = [s.number for s in steps]
                for _step in steps:
                    self.tabs.addTab("")
                # A tab bar not on screen yet (a case opened from the list)
                # does not tell its layout that it grew: the steps stayed 0
                # pixels high on every case opened after unlocking.
                self.tabs.updateGeometry()
            for index, step in enumerate(steps):
                self.tabs.setTabText(index, f"{_MARKS[step.state]} {step.number}. {step.label}")
                self.tabs.setTabTextColor(index, QColor(text_colour(
                    _TONES[step.state], ground(QPalette.ColorRole.Button))))
                tip = step.state_label
                if step.missing:
                    tip += "\n" + "\n".join(f"• {m}" for m in step.missing)
                self.tabs.setTabToolTip(index, tip)
                self.tabs.setAccessibleTabName(
                    index, f"{step.number}. {step.label}: {step.state_label.lower()}")
            if selected in self.numbers:
                self.tabs.setCurrentIndex(self.index_of(selected))
        finally:
            self.tabs.blockSignals(blocked)
        self.extra.setText(extra)
        self.extra.setAccessibleName(extra)
