"""The case list: a table model over case summaries, a filter proxy, the view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from operator import attrgetter

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import CaseStatus, CaseSummary, initials
from app.i18n import N_, _, format_date, format_datetime, ngettext
from app.meldcode.steps import Step
from app.ui.style import Tone, text_colour
from app.ui.widgets.row_table import Index, RowTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = (N_("Kenmerk"), N_("Huishouden"), N_("Stap meldcode"), N_("Fase"),
           N_("Volgende termijn"), N_("Laatst gewijzigd"))
REFERENCE, HOUSEHOLD, STEP, PHASE, NEXT_DUE, UPDATED = range(len(COLUMNS))

#: Full-text search starts at this many characters; shorter text filters on
#: reference and household name only: a prefix of one or two letters matches
#: most of a large index, and searching it on every key stalls typing.
MIN_SEARCH_CHARS = 3
#: How long typing must pause before the list is filtered.
TYPING_PAUSE_MS = 200

#: ``search(text, deliver)``: see ``CaseListView.set_search``.
Search = Callable[[str, Callable[[dict[str, str] | None], None]], None]


class CaseTableModel(RowTableModel[CaseSummary]):
    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.discreet = False
        self._sort_column = UPDATED
        self._sort_order = Qt.SortOrder.DescendingOrder

    def set_cases(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key function: with 10,000 cases this is ~100
        times faster than letting a proxy call ``data()`` for each comparison."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column = self._sort_column
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        if column == UPDATED and all(isinstance(r.updated_at, datetime) for r in self.rows):
            # The default order, on every fill: compare the times themselves
            # rather than 10,000 ISO strings made for the purpose (a third of
            # filling the list).
            try:
                self.rows.sort(key=attrgetter("updated_at"), reverse=reverse)
                return
            except TypeError:  # naive and aware times mixed: sort as text
                pass
        self.rows.sort(key=lambda row: self._sort_key(row, column), reverse=reverse)

    def clear(self) -> None:
        self.set_cases([])

    def case_at(self, row: int) -> CaseSummary:
        return self.rows[row]

    def row_of(self, case_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == case_id), None)

    def cell(self, row: CaseSummary, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and row.status == CaseStatus.CLOSED:
            return Qt.GlobalColor.gray
        if column == NEXT_DUE and _overdue(row):
            # Not by colour alone: also a mark and a word, and bold.
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(text_colour(Tone.ERROR))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _display(self, row: CaseSummary, column: int) -> str:
        if column == REFERENCE:
            return row.reference
        if column == HOUSEHOLD:
            return initials(row.household_name) if self.discreet else row.household_name
        if column == STEP:
            return f"{row.current_step}. {Step(row.current_step).label}"
        if column == PHASE:
            return str(row.safety_phase) if row.safety_phase else "–"
        if column == NEXT_DUE:
            if not row.next_due:
                return "–"
            due = format_date(row.next_due, "medium")
            return _("⚠ {date} (te laat)").format(date=due) if _overdue(row) else due
        return format_datetime(row.updated_at, "short")

    def _sort_key(self, row: CaseSummary, column: int):
        if column == REFERENCE:
            return row.reference
        if column == HOUSEHOLD:
            return row.household_name.casefold()
        if column == STEP:
            return row.current_step
        if column == PHASE:
            return row.safety_phase or 0
        if column == NEXT_DUE:
            # Cases without a due date sort after every dated one.
            return (row.next_due or date.max).isoformat()
        return row.updated_at.isoformat() if isinstance(row.updated_at, datetime) else ""


def _overdue(row: CaseSummary) -> bool:
    return row.status != CaseStatus.CLOSED and bool(row.next_due) \
        and row.next_due < date.today()


class CaseFilterProxy(QSortFilterProxyModel):
    """Filters on reference and household name; optionally open cases only.

    Sorting is passed on to the source model, which sorts in Python at once;
    the proxy itself keeps the source order. Which rows pass the filter is
    worked out in one pass per change, so each row's check is a set lookup.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.open_only = False
        #: Discreet mode: show this case only (or none), never the others.
        self.only_case: str | None = None
        #: Full-text search is on: text of MIN_SEARCH_CHARS or more filters on
        #: ``found``, the last search's (text, {case id: snippet}).
        self.full_text = False
        self.found: tuple[str, dict[str, str]] | None = None
        #: (text, case id) → where the text was found, asked only for shown rows.
        self.snippet_for: Callable[[str, str], str] | None = None
        self.snippets: dict[str, str] = {}
        #: The cases behind a figure of the overview; None shows all.
        self.only_ids: frozenset[str] | None = None
        self.discreet = False
        self._accepted: frozenset[str] | None = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_text(self, text: str) -> None:
        self._needle = text.strip().casefold()
        self._refilter()

    def set_open_only(self, on: bool) -> None:
        self.open_only = on
        self._refilter()

    def set_discreet(self, on: bool, only_case: str | None) -> None:
        self.discreet, self.only_case = on, only_case
        self._refilter()

    def _refilter(self) -> None:
        needle, source = self._needle, self.sourceModel()
        snippets: dict[str, str] = {}
        accepted: frozenset[str] | None
        if self.discreet:
            accepted = frozenset([self.only_case] if self.only_case else [])
        elif not needle and not self.open_only and self.only_ids is None:
            accepted = None
        elif self.full_text and len(needle) >= MIN_SEARCH_CHARS:
            if self.found is None or self.found[0] != needle:
                return  # the search runs off the UI thread; the list stays until it is back
            snippets = dict(self.found[1])
            accepted = frozenset(
                row.id for row in source.rows if row.id in snippets
                and (not self.open_only or row.status == CaseStatus.OPEN)
                and (self.only_ids is None or row.id in self.only_ids))
        else:
            accepted = frozenset(
                row.id for row in source.rows
                if (not self.open_only or row.status == CaseStatus.OPEN)
                and (self.only_ids is None or row.id in self.only_ids)
                and (not needle or needle in row.reference.casefold()
                     or needle in row.household_name.casefold())
            )
        self.snippets = snippets
        if accepted == self._accepted:
            # Typing on in a word often keeps the same cases: filtering 10,000
            # rows again and repainting would only stall the typing.
            return
        self._accepted = accepted
        # One layout change instead of a filter change: the latter tells the
        # view about every run of removed and inserted rows, thousands for a
        # scattered match on 10,000 cases (measured: 16 → 5 ms per change).
        # The selection is kept either way.
        self.invalidate()

    def invalidate_cases(self) -> None:
        """Call after the source model's rows changed, to filter them again."""
        if self._accepted is not None or self.discreet or self.only_ids is not None:
            self._refilter()

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and self.snippets:
            case_id = super().data(index, ID_ROLE)
            if case_id in self.snippets:
                if not self.snippets[case_id] and self.snippet_for is not None:
                    self.snippets[case_id] = self.snippet_for(self._needle, case_id)
                return _("Gevonden: {snippet}").format(snippet=self.snippets[case_id])
        return super().data(index, role)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        return self._accepted is None or self.sourceModel().case_at(source_row).id in self._accepted


class CaseListView(QWidget):
    """The home screen after unlocking. Emits ``open_requested(case_id)``."""

    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.filter_label = QLabel()
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter_label.setBuddy(self.filter)
        self.open_only = QCheckBox()
        self.new_button = QPushButton()
        self.count = QLabel()
        self.only_label = QLabel()
        self.only_label.setStyleSheet("font-weight: 600;")
        self.show_all_button = QPushButton()
        self.show_all_button.clicked.connect(self.show_all)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HOUSEHOLD, QHeaderView.ResizeMode.Stretch)
        em = self.table.fontMetrics().averageCharWidth()  # widths grow with the text size
        for column, chars in ((REFERENCE, 18), (STEP, 30), (PHASE, 8), (NEXT_DUE, 20),
                              (UPDATED, 21)):
            self.table.setColumnWidth(column, chars * em)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_label)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.open_only)
        only = QHBoxLayout()
        only.addWidget(self.only_label)
        only.addWidget(self.show_all_button)
        only.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addLayout(only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        # Filter once typing pauses, not on every key: a full-text search in a
        # large encrypted store takes tens of milliseconds or more.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._apply_filter)
        self._search: Search | None = None
        #: Each search gets a number; the one whose result is awaited, if any.
        self._search_token = 0
        self._pending: int | None = None
        self.filter.textChanged.connect(self._typing.start)
        self.open_only.toggled.connect(self.proxy.set_open_only)
        self.open_only.toggled.connect(self._update_count)
        self.table.activated.connect(self._activated)
        self.new_button.clicked.connect(self.new_requested)
        QWidget.setTabOrder(self.filter, self.open_only)
        QWidget.setTabOrder(self.open_only, self.table)
        QWidget.setTabOrder(self.table, self.new_button)
        self.only_label.hide()
        self.show_all_button.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Casussen"))
        self.filter_label.setText(_("&Zoek"))
        self.filter.setPlaceholderText(_("Kenmerk, naam of een woord uit een signaal"))
        self.filter.setAccessibleName(_("Zoek in casussen"))
        self.open_only.setText(_("Alleen &open casussen"))
        self.new_button.setText(_("Nieuwe casus"))
        self.new_button.setAccessibleName(_("Nieuwe casus"))
        self.table.setAccessibleName(_("Lijst van casussen"))
        self.show_all_button.setText(_("Alle casussen tonen"))
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_cases(self, rows: list[CaseSummary]) -> None:
        self.model.set_cases(rows)
        self.proxy.invalidate_cases()
        self._update_count()
        if self._full_text_needle():
            self._apply_filter()  # the cases changed: search again

    def _full_text_needle(self) -> str | None:
        needle = self.filter.text().strip().casefold()
        if self._search is None or self.proxy.discreet or len(needle) < MIN_SEARCH_CHARS:
            return None
        return needle

    def _apply_filter(self) -> None:
        needle = self._full_text_needle()
        if needle is not None:
            self._search_token += 1
            token = self._pending = self._search_token
            self._search(needle, lambda found: self._found(token, needle, found))
        self.proxy.set_text(self.filter.text())
        self._update_count()

    def _found(self, token: int, needle: str, found: dict[str, str] | None) -> None:
        if token != self._pending:
            return  # typing went on, or the store locked, since this search began
        self._pending = None
        self.proxy.found = (needle, found or {})
        self.proxy.set_text(self.filter.text())
        self._update_count()

    @property
    def searching(self) -> bool:
        """A full-text search is under way and its result not shown yet."""
        return self._pending is not None

    def show_only(self, ids: list[str], title: str) -> None:
        """The cases behind one figure of the overview."""
        self.proxy.only_ids = frozenset(ids)
        self.proxy.invalidate_cases()
        self.only_label.setText(_("Toont: {title}").format(title=title))
        self.only_label.show()
        self.show_all_button.show()
        self._update_count()

    def show_all(self) -> None:
        self.proxy.only_ids = None
        self.proxy.set_text(self.filter.text())
        self.only_label.hide()
        self.show_all_button.hide()
        self._update_count()

    def set_search(self, search: Search | None,
                   snippet_for: Callable[[str, str], str] | None = None) -> None:
        """Search with the store's full-text index (cases, people, signals).

        ``search(text, deliver)`` starts a search off the UI thread and calls
        ``deliver({case id: snippet})`` on it when done (None when it failed).
        """
        self._search = search
        self._pending = None  # a search under way is forgotten
        self.proxy.full_text = search is not None
        self.proxy.found = None
        self.proxy.snippet_for = snippet_for

    def set_discreet(self, on: bool, only_case: str | None = None) -> None:
        """Discreet mode: initials instead of names, and no other cases."""
        self.model.discreet = on
        self.proxy.set_discreet(on, only_case)
        self.model.retranslate()
        self.filter.setEnabled(not on)
        self._update_count()

    def select_case(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.proxy.data(index, ID_ROLE))

    def _update_count(self, *_args) -> None:
        if self.model.discreet:
            self.count.setText(_("Discrete modus: andere casussen en namen zijn verborgen."))
            return
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = ngettext("{n} casus", "{n} casussen", total).format(n=total)
        if shown != total:
            text = _("{shown} van {total}").format(shown=shown, total=text)
        self.count.setText(text)
