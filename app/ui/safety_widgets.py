"""Parts of the safety-plan screen: the phase timeline and the scaling chart.
Know nothing of the store or the services."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_date
from app.safety import Phase, PhaseState, relapses
from app.ui.style import Tone, is_dark, mix, set_tone, text_colour

#: The two lines of the scaling chart: (on a light chart, on a dark chart),
#: each at least 3:1 against the chart's background.
WORKER_COLOURS = ("#1d6fa5", "#64b5f6")
FAMILY_COLOURS = ("#c05600", "#ff9f4a")

#: The phase boxes' look, set once on the timeline; ``_CURRENT`` picks a box's.
_CURRENT = "current"
_PHASE_STYLE = (
    'QLabel#phaseBox[current="true"] { background: #1d6fa5; color: white; font-weight: 700;'
    " border: 2px solid #0b3f63; border-radius: 4px; padding: 4px; }"
    ' QLabel#phaseBox[current="false"] { background: #f1f3f5; color: #333333;'
    " border: 1px solid #c7ccd1; border-radius: 4px; padding: 4px; }")


# -- phase timeline ---------------------------------------------------------------


class PhaseTimeline(QWidget):
    """The five phases side by side, the current one highlighted; a phase a
    relapse came from is marked, and the relapses are listed underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[Phase, QLabel] = {}
        row = QHBoxLayout()
        row.setSpacing(4)
        for phase in Phase:
            box = QLabel()
            box.setWordWrap(True)
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setMinimumHeight(48)
            box.setObjectName("phaseBox")
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.boxes[phase] = box
            row.addWidget(box)
        self.relapse_label = QLabel()
        self.relapse_label.setWordWrap(True)
        set_tone(self.relapse_label, Tone.ERROR)
        self.setStyleSheet(_PHASE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.relapse_label)
        self._state: PhaseState | None = None
        self._started = False
        self.show_reasons = True  # off in discreet mode

    def set_state(self, state: PhaseState, started: bool) -> None:
        self._state, self._started = state, started
        self.retranslate()

    def clear(self) -> None:
        """No phase and no relapses (their dates and reasons) shown or kept."""
        self._state, self._started = None, False
        self.retranslate()

    def retranslate(self) -> None:
        state = self._state
        back = relapses(state) if state is not None else ()
        from_phases = {r.from_phase for r in back}
        for phase, box in self.boxes.items():
            current = state is not None and self._started and phase == state.phase
            mark = " ↺" if phase in from_phases else ""
            box.setText(f"{int(phase)}. {phase.label}{mark}")
            if box.property(_CURRENT) != current:
                # The look follows the property (``_PHASE_STYLE``); a style
                # sheet set per box at every case opened cost ten sheets
                # parsed and applied each time.
                box.setProperty(_CURRENT, current)
                box.style().unpolish(box)
                box.style().polish(box)
            box.setAccessibleName(phase.title + (" — " + _("huidige fase") if current else ""))
            box.setToolTip(phase.explanation)
        if back and not self.show_reasons:  # discreet mode: the reason is a judgement
            lines = [_("Terugval op {date} (vanuit fase {phase})").format(
                date=format_date(r.on, "medium"), phase=int(r.from_phase)) for r in back]
            self.relapse_label.setText("↺ " + "\n↺ ".join(lines))
        elif back:
            lines = [_("Terugval op {date} (vanuit fase {phase}): {reason}").format(
                date=format_date(r.on, "medium"), phase=int(r.from_phase), reason=r.reason)
                for r in back]
            self.relapse_label.setText("↺ " + "\n↺ ".join(lines))
        else:
            self.relapse_label.setText("")
        self.relapse_label.setVisible(bool(back))


# -- scaling chart -------------------------------------------------------------------

Series = list[tuple[date, int]]


class ScaleChart(QWidget):
    """Scores from 0 to 10 over time: the worker's line and the family's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker: Series = []
        self.family: Series = []
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_series(self, worker: Series, family: Series) -> None:
        self.worker, self.family = list(worker), list(family)
        parts = [f"{_('Hulpverlener')}: {', '.join(str(s) for _d, s in self.worker) or '–'}",
                 f"{_('Gezin')}: {', '.join(str(s) for _d, s in self.family) or '–'}"]
        self.setAccessibleName(_("Schaalvraag in de tijd"))
        self.setAccessibleDescription("; ".join(parts))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        # The palette's colours, so the chart reads in a dark or high-contrast palette.
        palette = self.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        dark = is_dark(base)
        worker, family = (QColor(c[dark]) for c in (WORKER_COLOURS, FAMILY_COLOURS))
        p.fillRect(self.rect(), base)
        metrics = p.fontMetrics()
        left, top = metrics.horizontalAdvance("10") + 14, metrics.height() + 10
        bottom = metrics.height() + 12
        area = QRectF(left, top, max(10, self.width() - left - 16),
                      max(10, self.height() - top - bottom))
        grid, major = QPen(mix(base, text, 0.15)), QPen(mix(base, text, 0.4))
        for value in range(0, 11, 1):
            y = area.bottom() - area.height() * value / 10
            p.setPen(grid if value % 5 else major)
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            if value % 5 == 0:
                p.setPen(text)
                p.drawText(QRectF(0, y - 8, left - 6, 16),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           str(value))
        days = sorted({d for d, _s in self.worker + self.family})
        if not days:
            p.setPen(QColor(text_colour(Tone.MUTED, base)))
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, _("Nog geen cijfers."))
            return
        first, span = days[0], max(1, (days[-1] - days[0]).days)

        def point(day: date, score: int) -> QPointF:
            x = area.left() + (area.width() * (day - first).days / span if len(days) > 1
                               else area.width() / 2)
            return QPointF(x, area.bottom() - area.height() * score / 10)

        for series, colour in ((self.worker, worker), (self.family, family)):
            if not series:
                continue
            pen = QPen(colour, 2.5)
            p.setPen(pen)
            path = QPainterPath(point(*series[0]))
            for entry in series[1:]:
                path.lineTo(point(*entry))
            p.drawPath(path)
            p.setBrush(colour)
            for entry in series:
                p.drawEllipse(point(*entry), 3.5, 3.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(text)
        p.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), bottom),
                   Qt.AlignmentFlag.AlignLeft, format_date(days[0], "medium"))
        p.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), bottom),
                   Qt.AlignmentFlag.AlignRight, format_date(days[-1], "medium"))
        x = area.left()
        for label, colour in ((_("Hulpverlener"), worker), (_("Gezin"), family)):
            p.setPen(QPen(colour, 3))
            p.drawLine(QPointF(x, top / 2), QPointF(x + 18, top / 2))
            p.setPen(text)
            p.drawText(QPointF(x + 22, top / 2 + metrics.ascent() / 2 - 1), label)
            x += 22 + metrics.horizontalAdvance(label) + 18
