"""Overzicht: where the open cases stand and what needs attention.

Every number opens the cases behind it (``show_cases(ids, title)``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_number, ngettext
from app.meldcode.steps import Step
from app.reporting.overview import FIGURES, WORKER_FIGURES, Overview, figure_label
from app.ui.style import Tone, set_tone, text_colour
from app.ui.widgets.bar_chart import BarChart
from app.ui.widgets.figure_button import FigureButton


class DashboardView(QWidget):
    show_cases = Signal(list, str)
    #: The figures of one worker's cases ("" for the whole team).
    worker_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._overview: Overview | None = None
        self._names: dict[str, str] = {}
        self._worker_rows: list[str] = []
        self.worker_label = QLabel()
        self.worker = QComboBox()
        self.worker_label.setBuddy(self.worker)
        self.worker.activated.connect(
            lambda _i: self.worker_chosen.emit(self.worker.currentData() or ""))
        self.workers_box = QGroupBox()
        self.workers_table = QTableWidget(0, len(WORKER_FIGURES) + 2)
        self.workers_table.verticalHeader().hide()
        self.workers_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.workers_table.setTabKeyNavigation(False)
        self.workers_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.workers_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        # Each number opens its cases: a click, or Enter on the chosen cell.
        self.workers_table.cellClicked.connect(self._open_worker_cell)
        self.workers_table.cellActivated.connect(self._open_worker_cell)
        QVBoxLayout(self.workers_box).addWidget(self.workers_table)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.summary = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        self._grid = QGridLayout()
        self._columns = 0
        for code in FIGURES:
            button = FigureButton()  # the number large, the label under it
            button.clicked.connect(lambda _=False, c=code: self._open(c))
            self.buttons[code] = button
        self.steps_box, self.phases_box = QGroupBox(), QGroupBox()
        self.steps_chart, self.phases_chart = BarChart(), BarChart()
        for box, chart in ((self.steps_box, self.steps_chart),
                           (self.phases_box, self.phases_chart)):
            chart.setMaximumHeight(240)
            QVBoxLayout(box).addWidget(chart)
        self.steps_chart.bar_clicked.connect(self._open_step)
        self.phases_chart.bar_clicked.connect(self._open_phase)
        self._charts = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._charts.addWidget(self.steps_box)
        self._charts.addWidget(self.phases_box)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        choose = QHBoxLayout()
        choose.addWidget(self.worker_label)
        choose.addWidget(self.worker, 1)
        inner.addLayout(choose)
        inner.addWidget(self.summary)
        inner.addLayout(self._grid)
        inner.addWidget(self.workers_box)
        inner.addLayout(self._charts)
        inner.addStretch(1)
        # With large text the figures need more room than a 1366×768 laptop
        # has: they take fewer columns as the window narrows (``_reflow``),
        # and scroll rather than make the window taller than the screen.
        self._scroll = QScrollArea()
        self._scroll.setWidget(content)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self._scroll, 1)
        self.retranslate()

    def _colour_charts(self) -> None:
        self.phases_chart.colour = QColor(text_colour(Tone.SUCCESS))
        self.phases_chart.update()

    def show_overview(self, overview: Overview, names: dict[str, str] | None = None,
                      worker: str | None = None) -> None:
        """``names``: worker id -> name (the worker directory); ``worker``:
        the worker whose cases the figures count (None: the whole team)."""
        self._overview = overview
        if names is not None:
            self._names = dict(names)
        self.worker.blockSignals(True)
        self.worker.clear()
        self.worker.addItem("", None)
        for worker_id, name in sorted(self._names.items(), key=lambda i: i[1].casefold()):
            self.worker.addItem(name, worker_id)
        self.worker.setCurrentIndex(max(self.worker.findData(worker), 0) if worker else 0)
        self.worker.blockSignals(False)
        self.retranslate()

    def clear(self) -> None:
        """At the lock: no figures, no colleagues' names stay behind."""
        self._overview = None
        self._names = {}
        self._worker_rows = []
        self.worker.clear()
        self.workers_table.setRowCount(0)
        self.summary.clear()
        for button in self.buttons.values():
            button.setText("")

    def _name(self, worker_id: str) -> str:
        return self._names.get(worker_id) or _("medewerker {id}").format(id=worker_id[:8])

    def _show_workers(self, o: Overview) -> None:
        table = self.workers_table
        table.setHorizontalHeaderLabels(
            [_("Casusregisseur"), _("Open casussen")]
            + [figure_label(code) for code in WORKER_FIGURES])
        self._worker_rows = sorted(o.by_worker, key=lambda w: self._name(w).casefold())
        table.setRowCount(len(self._worker_rows))
        for row, worker_id in enumerate(self._worker_rows):
            table.setItem(row, 0, QTableWidgetItem(self._name(worker_id)))
            for column, code in enumerate(("cases", *WORKER_FIGURES), start=1):
                item = QTableWidgetItem(format_number(len(o.by_worker[worker_id][code])))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)
        table.setFixedHeight(table.horizontalHeader().sizeHint().height()
                             + max(len(self._worker_rows), 1)
                             * table.verticalHeader().defaultSectionSize()
                             + 2 * table.frameWidth() + 2)
        self.workers_box.setVisible(bool(self._worker_rows))

    def _open_worker_cell(self, row: int, column: int) -> None:
        if self._overview is None or not 0 <= row < len(self._worker_rows) or column < 1:
            return
        worker_id = self._worker_rows[row]
        code = ("cases", *WORKER_FIGURES)[column - 1]
        label = _("Open casussen") if code == "cases" else figure_label(code)
        self.show_cases.emit(list(self._overview.by_worker[worker_id][code]),
                             f"{self._name(worker_id)}: {label}")

    def retranslate(self) -> None:
        self._colour_charts()  # also here: the training tint may have come or gone
        self.title.setText(_("Overzicht"))
        self.worker_label.setText(_("Casussen &van:"))
        if self.worker.count():
            self.worker.setItemText(0, _("het hele team"))
        self.workers_box.setTitle(_("Per casusregisseur"))
        self.workers_table.setAccessibleName(_("Cijfers per casusregisseur"))
        self.steps_box.setTitle(_("Open casussen per stap van de meldcode"))
        self.phases_box.setTitle(_("Open casussen per fase van het veiligheidsplan"))
        self.steps_chart.setAccessibleName(self.steps_box.title())
        self.phases_chart.setAccessibleName(self.phases_box.title())
        o = self._overview
        if o is None:
            return
        days = o.median_days_to_decision
        # A half day (a median of an even count) reads as plural: "1,5 dagen".
        median = (ngettext("{days} dag", "{days} dagen", int(days) if days == int(days) else 2
                           ).format(days=format_number(days))
                  if days is not None else "–")
        self.summary.setText(ngettext(
            "{n} open casus. Van eerste signaal tot besluit: mediaan {median}.",
            "{n} open casussen. Van eerste signaal tot besluit: mediaan {median}.", o.open_cases
        ).format(n=o.open_cases, median=median))
        for code, button in self.buttons.items():
            count = len(o.lists[code])
            button.setText(f"{count}\n{figure_label(code)}")
            button.setAccessibleName(f"{figure_label(code)}: {count}")
            alert = bool(count) and code in ("overdue", "acute", "open_conflicts")
            extra = "font-weight: bold;" if alert else "font-weight: normal; color: palette(text);"
            set_tone(button, Tone.ERROR if alert else None, extra, QPalette.ColorRole.Button)
        self._show_workers(o)
        self.steps_chart.set_data([str(int(s)) for s in Step],
                                  [len(o.by_step[int(s)]) for s in Step])
        self.phases_chart.set_data([str(n) for n in range(1, 6)] + [_("geen")],
                                   [len(o.by_phase[n]) for n in (1, 2, 3, 4, 5, None)])
        self._reflow()

    def _reflow(self) -> None:
        """As many columns of figures as fit (at most three), and the two
        charts side by side only when the figures have room for two columns."""
        spacing = max(self._grid.horizontalSpacing(), 0)
        widest = max(b.sizeHint().width() for b in self.buttons.values()) + spacing
        # From the view's own width: in a resize the scroll area has not been
        # laid out yet. Room is kept for a vertical scroll bar.
        margins = self.layout().contentsMargins()
        room = (self.width() - margins.left() - margins.right() + spacing
                - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        columns = max(1, min(3, room // max(widest, 1)))
        if columns == self._columns:
            return
        self._columns = columns
        for i, code in enumerate(FIGURES):
            self._grid.addWidget(self.buttons[code], i // columns, i % columns)
        self._charts.setDirection(QBoxLayout.Direction.LeftToRight if columns > 1
                                  else QBoxLayout.Direction.TopToBottom)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._reflow()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._colour_charts()
        elif event.type() == QEvent.Type.FontChange:
            # After the buttons have their new font (presenter mode, system text size).
            QTimer.singleShot(0, self._reflow)
        super().changeEvent(event)

    def _open(self, code: str) -> None:
        if self._overview is not None:
            self.show_cases.emit(list(self._overview.lists[code]), figure_label(code))

    def _open_step(self, index: int) -> None:
        if self._overview is not None:
            step = Step(index + 1)
            self.show_cases.emit(list(self._overview.by_step[int(step)]), step.title)

    def _open_phase(self, index: int) -> None:
        if self._overview is not None:
            phase = (1, 2, 3, 4, 5, None)[index]
            title = _("Fase {n}").format(n=phase) if phase else _("Zonder veiligheidsplan")
            self.show_cases.emit(list(self._overview.by_phase[phase]), title)
