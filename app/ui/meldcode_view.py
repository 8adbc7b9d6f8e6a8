"""The meldcode in a case: the stepper, one page per step, and the drafts.

Shows what the services return and sends the worker's intent back as
``action_requested(action, record_id)``; the case controller does the work.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_date, ngettext
from app.meldcode import MeldcodeProgress, MeldcodeRecords
from app.meldcode.steps import Step
from app.ui.record_summary import RecordRow, discreet_row, rows_for_step
from app.ui.style import Tone, set_tone
from app.ui.widgets.row_table import RowTableModel
from app.ui.widgets.stack_page import StackPage
from app.ui.widgets.stepper import Stepper, StepView

ROW_COLUMNS = (N_("Datum"), N_("Wat"), N_("Samenvatting"))

#: Per step: (action, button text). Actions on a selected row end in "_selected".
STEP_ACTIONS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("signal", N_("&Signaal vastleggen")), ("risk_profile", N_("&Risico's vastleggen")),
        ("kindcheck_run", N_("&Kindcheck doen")),
        ("correct_selected", N_("&Corrigeren")), ("history_selected", N_("&Geschiedenis"))),
    2: (("consultation", N_("&Consultatie vastleggen")),),
    3: (("conversation", N_("&Gesprek vastleggen")),),
    4: (("weighing", N_("&Afweging maken")),),
    5: (("decision", N_("&Besluit vastleggen")),
        ("review", N_("Besproken met &teamleider"))),
}


class RecordTableModel(RowTableModel[RecordRow]):
    """The texts of every row are made once per fill, language or mode, not
    at each of the view's many questions: a case of 200 signals was asked
    ~10,000 times while opening, each a date formatted anew."""

    columns = ROW_COLUMNS
    discreet = False  # rows then show a date and a neutral word only

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._texts: list[tuple[str, str, str]] | None = None
        self._texts_discreet = False  # the mode the texts were made in

    def set_rows(self, rows) -> None:
        """Rows added at one place (a record saved) go in as inserted rows:
        the view keeps its selection and place, and only the new rows'
        texts are made and measured. Any other change resets the model."""
        rows = list(rows)
        start, count = inserted(self.rows, rows)
        if count:
            self.beginInsertRows(QModelIndex(), start, start + count - 1)
            if self._texts is not None and self._texts_discreet == self.discreet:
                self._texts[start:start] = self._make_texts(rows[start:start + count])
            else:
                self._texts = None
            self.rows = rows
            self.endInsertRows()
            return
        self._texts = None
        super().set_rows(rows)

    def retranslate(self) -> None:
        self._texts = None
        super().retranslate()

    def texts(self) -> list[tuple[str, str, str]]:
        """(date, what, summary) of every row, as shown."""
        if self._texts is None or self._texts_discreet != self.discreet:
            self._texts, self._texts_discreet = self._make_texts(self.rows), self.discreet
        return self._texts

    def _make_texts(self, rows: list[RecordRow]) -> list[tuple[str, str, str]]:
        days: dict = {}
        texts = []
        for row in rows:
            if self.discreet:
                row = discreet_row(row)
            if row.day not in days:
                days[row.day] = format_date(row.day, "medium")
            texts.append((days[row.day], row.title + (" " + _("(gecorrigeerd)")
                                                     if row.corrected else ""), row.summary))
        return texts

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid() \
                or not 0 <= index.row() < len(self.rows):
            return None
        return self.texts()[index.row()][index.column()]


def inserted(old: list, new: list) -> tuple[int, int]:
    """(first, count) when ``new`` is ``old`` with ``count`` rows put in at
    ``first``; (0, 0) when it is anything else (or the same)."""
    count = len(new) - len(old)
    if count <= 0:
        return 0, 0
    first = 0
    while first < len(old) and old[first] == new[first]:
        first += 1
    if old[first:] != new[first + count:]:
        return 0, 0
    return first, count


class StepPage(StackPage, QWidget):
    action_requested = Signal(str, str)

    def __init__(self, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        #: Why this worker may not record a review (a worker in a team), or None.
        self.review_refusal: str | None = None
        self._decided = False
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")  # size: app.ui.style
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        set_tone(self.missing, Tone.WARNING)
        self.model = RecordTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        # Date and kind as wide as their widest text (``_fit_columns``), not
        # ResizeToContents, which asks the model for every row's every role.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self._fit_columns)
        self.model.dataChanged.connect(self._fit_columns)
        self.model.rowsInserted.connect(self._fit_inserted)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for action, _text in STEP_ACTIONS[int(step)]:
            button = QPushButton()
            button.clicked.connect(lambda _=False, a=action: self._request(a))
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        layout.addWidget(self.missing)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.table.activated.connect(lambda _i: self._request("history_selected"))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.step.title)
        self.help.setText(self.step.help)
        for action, text in STEP_ACTIONS[int(self.step)]:
            self.buttons[action].setText(_(text))
            self.buttons[action].setAccessibleName(_(text).replace("&", ""))
        self.table.setAccessibleName(_("Vastgelegd bij {step}").format(step=self.step.title))
        self.model.retranslate()

    def _fit_columns(self, *_args) -> None:
        self._fit(self.model.texts())

    def _fit_inserted(self, _parent, first: int, last: int) -> None:
        """Only as much wider as a new row needs: the rows there already fit."""
        self._fit(self.model.texts()[first:last + 1], grow_only=True)

    def _fit(self, texts: list[tuple[str, str, str]], grow_only: bool = False) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        margin = 2 * metrics.averageCharWidth() + 2 * self.table.frameWidth()
        for column in (0, 1):
            widest = max((metrics.horizontalAdvance(t) for t in {row[column] for row in texts}),
                         default=0)
            title = header.fontMetrics().horizontalAdvance(_(ROW_COLUMNS[column]))
            # Room for the sort mark and the header's own margins.
            width = max(widest, title + metrics.averageCharWidth()) + margin
            if not grow_only or width > header.sectionSize(column):
                header.resizeSection(column, width)

    def selected(self) -> RecordRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _request(self, action: str) -> None:
        if action.endswith("_selected"):
            row = self.selected()
            if row is None or row.kind != "signal":
                self.missing.setText(_("Kies eerst een signaal in de lijst."))
                return
            self.action_requested.emit(action, row.record_id)
            return
        self.action_requested.emit(action, "")

    def show_records(self, records: MeldcodeRecords, missing: tuple[str, ...],
                     reviews: tuple = (), rows: list[RecordRow] | None = None) -> None:
        """``rows``: the step's rows when made already (off the UI thread)."""
        if rows is None:
            rows = rows_for_step(int(self.step), records, reviews)
        if rows != self.model.rows:
            # After a save most pages list what they listed: no reset, no
            # new texts, no columns measured again for them.
            self.model.set_rows(rows)
        self.missing.setText(
            _("Wat nog ontbreekt: {items}").format(items="; ".join(missing)) if missing else "")
        for action in ("correct_selected", "history_selected"):
            if action in self.buttons:
                self.buttons[action].setEnabled(bool(records.signals))
        self._decided = bool(records.decisions)
        self._enable_review()

    def set_review_refusal(self, reason: str | None) -> None:
        self.review_refusal = reason
        self._enable_review()

    def _enable_review(self) -> None:
        if "review" in self.buttons:
            self.buttons["review"].setEnabled(self._decided and self.review_refusal is None)
            self.buttons["review"].setToolTip(self.review_refusal or "")


def all_rows(records: MeldcodeRecords, reviews: tuple = ()) -> dict[int, list[RecordRow]]:
    """Every step page's rows. Pure: a worker thread makes them with the read
    (200 signals' rows take a frame's time)."""
    return {int(step): rows_for_step(int(step), records, reviews) for step in Step}


class MeldcodeView(StackPage, QWidget):
    action_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stepper = Stepper()
        self.pages = {step: StepPage(step) for step in Step}
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
            page.action_requested.connect(self.action_requested)
        self.drafts_label = QLabel()
        self.drafts_label.setWordWrap(True)
        self.drafts_button = QPushButton()
        self.drafts_button.clicked.connect(lambda: self.action_requested.emit("drafts", ""))
        drafts = QHBoxLayout()
        drafts.addWidget(self.drafts_label, 1)
        drafts.addWidget(self.drafts_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stepper)
        layout.addLayout(drafts)
        layout.addWidget(self.stack, 1)
        self.stepper.step_selected.connect(self.select_step)
        self._progress: MeldcodeProgress | None = None
        self._kindcheck_text = ""
        self._selected = Step.MAP_SIGNALS
        self.discreet = False
        self.show_drafts(0)

    @property
    def selected_step(self) -> Step:
        return self._selected

    def select_step(self, number: int) -> None:
        self._selected = Step(number)
        self.stack.setCurrentWidget(self.pages[self._selected])
        self._draw_stepper()

    def show_case(self, records: MeldcodeRecords, progress: MeldcodeProgress,
                  kindcheck_text: str, select_current: bool = False,
                  reviews: tuple = (), rows: dict[int, list[RecordRow]] | None = None) -> None:
        """``rows``: every step's rows (``all_rows``) when made already."""
        self._progress, self._kindcheck_text = progress, kindcheck_text
        for step, page in self.pages.items():
            page.show_records(records, progress.step(step).missing_texts, reviews,
                              None if rows is None else rows[int(step)])
        if select_current and progress.current_step is not None:
            self._selected = progress.current_step
        self.select_step(self._selected)

    def set_review_refusal(self, reason: str | None) -> None:
        """Only a team lead records "Besproken met teamleider" (in a team):
        the button says why not to a worker."""
        for page in self.pages.values():
            page.set_review_refusal(reason)

    def clear(self) -> None:
        """Forget the shown case (on lock)."""
        for page in self.pages.values():
            page.model.set_rows([])
            page.missing.clear()
        self._progress = None
        self.show_drafts(0)

    def show_drafts(self, count: int) -> None:
        self.drafts_label.setText(
            ngettext("Er is {n} concept dat nog niet is vastgelegd.",
                     "Er zijn {n} concepten die nog niet zijn vastgelegd.", count).format(n=count)
            if count else "")
        self.drafts_button.setText(_("Co&ncepten afmaken"))
        self.drafts_button.setVisible(count > 0)

    def _draw_stepper(self) -> None:
        if self._progress is None:
            return
        views = [StepView(int(p.step), p.step.label, str(p.state), p.state.label,
                          p.missing_texts) for p in self._progress.steps]
        extra = self._kindcheck_text
        if self._progress.acute and not self.discreet:
            extra = _("Spoedcontact gekozen.") + (" " + extra if extra else "")
        self.stepper.set_steps(views, int(self._selected), extra)

    def set_discreet(self, on: bool) -> None:
        """Home-visit mode: each record only as its date and a neutral word."""
        if on == self.discreet:
            # Opening a case sets the mode again: telling every step page
            # that all its rows changed made each of them measure its
            # columns anew (cProfile of opening the 200-signal case).
            return
        self.discreet = on
        for page in self.pages.values():
            page.model.discreet = on
            page.model.retranslate()
        self._draw_stepper()

    def retranslate(self) -> None:
        for page in self.pages.values():
            page.retranslate()
        self._draw_stepper()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
