"""The case list: a table model over case summaries, its filter, the view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from time import monotonic

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
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
from app.ui.widgets.row_table import RowTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: True for a case someone else changed since this worker last opened it.
NEW_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = (N_("Kenmerk"), N_("Huishouden"), N_("Stap meldcode"), N_("Fase"),
           N_("Volgende termijn"), N_("Laatst gewijzigd"))
REFERENCE, HOUSEHOLD, STEP, PHASE, NEXT_DUE, UPDATED = range(len(COLUMNS))

#: Full-text search starts at this many characters; shorter text filters on
#: reference and household name only: a prefix of one or two letters matches
#: most of a large index, and searching it on every key stalls typing.
MIN_SEARCH_CHARS = 3
#: How long typing must pause before the list is filtered.
TYPING_PAUSE_MS = 200

#: ``search(text, prepare, deliver)``: see ``CaseListView.set_search``.
Search = Callable[[str, Callable[[dict[str, str]], "Found"],
                   Callable[["Found | None"], None]], None]


#: Beyond this many rows removed and inserted, filling anew is cheaper.
MAX_EDITS = 2000
#: … and beyond this many runs of them: the view updates its
#: row maps once per run (measured cost grows with runs × rows), while a new
#: fill costs about the same as one run.
MAX_RUNS = 64
#: The cells of at most this many cases are kept (``CaseTableModel._cells``):
#: far more than a screen, so a new filter finds most rows it shows made.
MAX_CACHED_CELLS = 5000


@dataclass(frozen=True)
class ListUpdate:
    """How the list's rows become new ones, worked out off the UI thread
    (``plan_update``): the rows to remove (ascending positions in the old
    list), the new rows to insert and the rows that stayed but changed
    (positions in ``rows``, ascending). ``version`` is the model's when the
    plan was made; a plan for rows that changed since is not applied."""

    version: int
    rows: list[CaseSummary]
    removed: list[int]
    inserted: list[int]
    changed: list[int]
    #: Every case, shown or not, in the list's order (None: the shown rows
    #: changed, not the cases).
    cases: list[CaseSummary] | None = None
    #: Too many rows change to tell the view one by one: ``rows`` are filled
    #: anew (one reset), and ``removed`` and ``inserted`` are left empty.
    refill: bool = False


def sorted_cases(rows: list[CaseSummary], column: int, order: Qt.SortOrder) -> list[CaseSummary]:
    """``rows`` in the list's order: by ``column``, ``order``."""
    reverse = order == Qt.SortOrder.DescendingOrder
    if column == UPDATED:
        # The default order, on every fill: compare the times themselves
        # rather than 10,000 ISO strings made for the purpose (a third of
        # filling the list). Values of mixed kinds cannot be compared and
        # raise; one kind other than times shows in the first row. (Checking
        # every row's kind first took longer than the sort itself.)
        try:
            ordered = sorted(rows, key=attrgetter("updated_at"), reverse=reverse)
            if not ordered or isinstance(ordered[0].updated_at, datetime):
                return ordered
        except TypeError:  # naive and aware times mixed: sort as text
            pass
    return sorted(rows, key=lambda row: _sort_key(row, column), reverse=reverse)


def merged_in(cases: list[CaseSummary], rows: list[CaseSummary], column: int,
              order: Qt.SortOrder) -> list[CaseSummary]:
    """``cases`` (in the list's order, as ``sorted_cases`` gives it) with
    ``rows`` put in at their places, each found by halving: what sorting
    them all would give, without a pass of Python per case. Rows that sort
    the same stay in the order of a full read (``CaseRepository.summaries``:
    the latest change first, then the highest id)."""
    merged = list(cases)
    if column == UPDATED:
        def key(row):
            return row.updated_at
    else:
        def key(row):
            return _sort_key(row, column)
    descending = order == Qt.SortOrder.DescendingOrder
    try:
        for row in rows:
            mine, lo, hi = key(row), 0, len(merged)
            while lo < hi:
                mid = (lo + hi) // 2
                other = merged[mid]
                theirs = key(other)
                if theirs == mine:
                    before = (other.updated_at, other.id) > (row.updated_at, row.id)
                else:
                    before = theirs > mine if descending else theirs < mine
                if before:
                    lo = mid + 1
                else:
                    hi = mid
            merged.insert(lo, row)
    except TypeError:  # times of mixed kinds: as a full read sorts them
        return sorted_cases(list(cases) + list(rows), column, order)
    return merged


def plan_update(version: int, old: list[CaseSummary], new: list[CaseSummary],
                cases: list[CaseSummary] | None = None) -> ListUpdate:
    """Which rows to remove, insert and redraw so that ``old`` becomes ``new``
    (both in the list's order). Rows that keep their order relative to each
    other stay (the longest such run); any other row is removed and inserted
    at its new place, so a case saved a moment ago moves to the top as one
    removal and one insertion. Pure Python, for a worker thread."""
    position = {row.id: i for i, row in enumerate(new)}
    kept = [(i, position[row.id]) for i, row in enumerate(old) if row.id in position]
    stay = _longest_increasing([p for _i, p in kept])
    staying = {kept[k][1] for k in stay}
    stayed_from = {kept[k][1]: kept[k][0] for k in stay}
    removed = sorted({i for i in range(len(old))} - {kept[k][0] for k in stay})
    inserted = [p for p in range(len(new)) if p not in staying]
    changed = [p for p in sorted(staying)
               if old[stayed_from[p]] is not new[p] and old[stayed_from[p]] != new[p]]
    return ListUpdate(version, new, removed, inserted, changed, cases)


def passing(cases: list[CaseSummary], accepted: frozenset[str] | None) -> list[CaseSummary]:
    """The cases a filter lets through (``None``: every case)."""
    return list(cases) if accepted is None else [r for r in cases if r.id in accepted]


def plan_filter(version: int, old: list[CaseSummary], cases: list[CaseSummary],
                before: frozenset[str] | None, accepted: frozenset[str] | None,
                listed: Callable[[], frozenset[str]]) -> ListUpdate:
    """How the shown rows ``old`` (``cases`` that ``before`` let through)
    become those ``accepted`` lets through: rows removed and inserted, or
    filled anew when most change. ``listed()``: the ids of ``cases``, asked
    only when rows are told one by one. Pure, for the search's own task."""
    rows = passing(cases, accepted)
    if not old or not rows or abs(len(rows) - len(old)) > MAX_EDITS:
        return ListUpdate(version, rows, [], [], [], refill=True)
    # Which cases go and come, as set operations on the ids: a typed
    # search mostly changes thousands of rows (a new fill), and finding
    # that out row by row took 8-22 ms of the UI thread on 30,000 cases.
    ids = listed()
    if accepted is None:
        gone, came = frozenset(), frozenset() if before is None else ids - before
    elif before is None:
        gone, came = ids - accepted, frozenset()
    else:
        gone, came = (before - accepted) & ids, (accepted - before) & ids
    if len(gone) + len(came) > MAX_EDITS:
        return ListUpdate(version, rows, [], [], [], refill=True)
    return ListUpdate(
        version, rows,
        [i for i, r in enumerate(old) if r.id in gone] if gone else [],
        [p for p, r in enumerate(rows) if r.id in came] if came else [], [])


def found_ids(cases: list[CaseSummary], snippets: dict[str, str], open_only: bool,
              only_ids: frozenset[str] | None) -> frozenset[str]:
    """The cases a full-text search found that the list's other filters
    (open cases only, an overview figure's cases) let through. Pure."""
    if not open_only and only_ids is None:
        # Every case found; one the list does not hold passes no row
        # (``passing``): 0.3 ms instead of a pass over 30,000 rows (4 ms).
        return frozenset(snippets)
    return frozenset(
        row.id for row in cases if row.id in snippets
        and (not open_only or row.status == CaseStatus.OPEN)
        and (only_ids is None or row.id in only_ids))


@dataclass(frozen=True)
class Found:
    """A full-text search's result, made ready for the list on the search's
    own task (``CaseFilter.planner``): the cases found with their snippets,
    which of them pass the list's filters, and how the shown rows change
    (None: the same cases as shown). ``basis``: what the list showed and
    filtered on when it was planned; ``CaseFilter.take`` applies it only
    to that."""

    needle: str
    snippets: dict[str, str]
    accepted: frozenset[str]
    update: ListUpdate | None
    basis: tuple[tuple, tuple]


def _longest_increasing(values: list[int]) -> list[int]:
    """Indexes into ``values`` of one longest strictly increasing run
    (patience sorting, n log n)."""
    from bisect import bisect_left

    tails: list[int] = []  # values ending the best run of each length
    tail_at: list[int] = []  # their indexes
    before = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = value, i
        before[i] = tail_at[k - 1] if k else -1
    run, i = [], tail_at[-1] if tail_at else -1
    while i >= 0:
        run.append(i)
        i = before[i]
    return run[::-1]


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Ascending positions as (first, last) of each run of neighbours."""
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and runs[-1][1] == p - 1:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs


class CaseTableModel(RowTableModel[CaseSummary]):
    """The cases as the list shows them, sorted and filtered in Python.

    ``cases`` holds every case, ``rows`` those the filter lets through
    (``set_filter``: a set of case ids, from ``CaseFilter``). Filtering
    here, not in a proxy model: a proxy asks Python ``filterAcceptsRow`` for
    each of 30,000 rows at every change (~35 ms).

    Rows change in place where they can (``apply``): rows removed, inserted
    and changed are told to the view as such, so that the selection and the
    scroll position stay and the view only redraws what changed. A new fill
    (from empty, or when most rows change) is one reset: it costs less
    than telling the view of rows in chunks, whose every insertion updates
    the row maps of all rows.
    """

    columns = COLUMNS
    #: Around every change of the shown rows (``apply``, a new fill), so that
    #: the view keeps the chosen case chosen, or none, never a neighbour.
    updating = Signal()
    updated = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.discreet = False
        #: Cases changed by someone else since this worker last opened them.
        self.news: frozenset[str] = frozenset()
        self._sort_column = UPDATED
        self._sort_order = Qt.SortOrder.DescendingOrder
        self.cases: list[CaseSummary] = []
        self.accepted: frozenset[str] | None = None
        #: (``cases``, the ids in it), see ``_listed_ids``.
        self._ids_of: tuple[list[CaseSummary], frozenset[str]] | None = None
        #: Goes up with every change of ``rows``; see ``ListUpdate.version``.
        self.version = 0
        #: case id → (the summary, its cells), see ``_cells``.
        self._shown: dict[str, tuple[CaseSummary, _Cells]] = {}
        self._today = date.today()
        #: When ``_new_day`` last looked at the date (``time.monotonic``).
        self._day_seen = 0.0
        #: case id → the tooltip of its row (where a search found it), or None.
        self.tooltip: Callable[[str], str | None] | None = None

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def total(self) -> int:
        """Every case, shown or not."""
        return len(self.cases)

    @property
    def passing(self) -> int:
        """The cases the filter lets through."""
        return len(self.rows)

    def set_cases(self, rows: list[CaseSummary]) -> None:
        """Show ``rows``: changed in place when the list already shows cases
        and most of them stay, else filled anew."""
        self.cases = self.in_order(rows)
        self._show(passing(self.cases, self.accepted))

    def set_filter(self, accepted: frozenset[str] | None) -> None:
        """Show only the cases with these ids (``None``: every case)."""
        self.apply_filter(accepted, plan_filter(self.version, self.rows, self.cases,
                                                self.accepted, accepted, self._listed_ids))

    def filter_planner(self) -> Callable[[frozenset[str] | None], ListUpdate]:
        """For a worker thread: the ids a new filter accepts → how the shown
        rows change (``apply_filter``), planned against what is shown now. Pure."""
        version, old, cases, before = self.version, list(self.rows), self.cases, self.accepted
        known = self._ids_of

        def listed() -> frozenset[str]:
            if known is not None and known[0] is cases:
                return known[1]
            return frozenset(r.id for r in cases)
        return lambda accepted: plan_filter(version, old, cases, before, accepted, listed)

    def apply_filter(self, accepted: frozenset[str] | None, update: ListUpdate) -> None:
        """Filter on ``accepted`` with the rows ``update`` planned for it
        (``filter_planner``), made for the rows shown now."""
        if update.version != self.version or update.cases is not None:
            raise ValueError("a filter's plan is for the rows shown when it was made")
        self.accepted = accepted
        self.apply(update)

    def _listed_ids(self) -> frozenset[str]:
        """The ids of ``cases``, made once per list of cases."""
        if self._ids_of is None or self._ids_of[0] is not self.cases:
            self._ids_of = (self.cases, frozenset(r.id for r in self.cases))
        return self._ids_of[1]

    def _show(self, rows: list[CaseSummary]) -> None:
        if self.rows and rows and abs(len(rows) - len(self.rows)) <= MAX_EDITS:
            self.apply(plan_update(self.version, self.rows, rows))
        else:
            self._fill(rows)

    def planner(self) -> Callable[[list[CaseSummary]], ListUpdate]:
        """For a worker thread: new cases → how the shown rows change
        (``apply``), planned against what is shown now. Pure."""
        version, old, accepted = self.version, list(self.rows), self.accepted
        column, order = self._sort_column, self._sort_order

        def plan(cases: list[CaseSummary]) -> ListUpdate:
            ordered = sorted_cases(cases, column, order)
            return plan_update(version, old, passing(ordered, accepted), ordered)
        return plan

    def change_planner(self) -> Callable[[list[CaseSummary], frozenset[str]], ListUpdate]:
        """For a worker thread: the rows of the cases that changed (``rows``)
        and the ids of every case that changed, came or went (``changed``)
        → how the shown rows change, planned against what is shown now:
        each such case's row removed and inserted at its place, every other
        row left where it is. Pure; the few rows cost a pass over the list,
        not the sort and diff of a full read (``planner``)."""
        version, cases, old, accepted = self.version, self.cases, list(self.rows), self.accepted
        column, order = self._sort_column, self._sort_order

        def plan(rows: list[CaseSummary], changed: frozenset[str]) -> ListUpdate:
            ordered = merged_in([c for c in cases if c.id not in changed], rows, column, order)
            shown = passing(ordered, accepted)
            return ListUpdate(version, shown,
                              [i for i, r in enumerate(old) if r.id in changed],
                              [p for p, r in enumerate(shown) if r.id in changed], [], ordered)
        return plan

    def in_order(self, rows: list[CaseSummary]) -> list[CaseSummary]:
        """``rows`` sorted as the list is now; pure, so a worker can call it."""
        return sorted_cases(rows, self._sort_column, self._sort_order)

    def apply(self, update: ListUpdate) -> None:
        """Change the rows as ``update`` says; fills anew when it was planned
        for rows that have changed since, or when that is cheaper."""
        if update.cases is not None:
            self.cases = update.cases
        if update.version != self.version:
            self._fill(passing(self.in_order(self.cases), self.accepted)
                       if update.cases is not None else self.in_order(update.rows))
            return
        if update.refill:
            self._fill(update.rows)
            return
        # The count first: after unlocking, 30,000 inserted rows made into
        # runs only to be filled anew took 3 ms each way (cProfile).
        many = len(update.removed) + len(update.inserted) > MAX_EDITS
        removed, inserted = ([], []) if many else (_runs(update.removed), _runs(update.inserted))
        if many or len(removed) + len(inserted) > MAX_RUNS:
            # Planned for the rows shown now, so sorted and filtered as they
            # are: not sorted again here (30,000 rows after unlocking: 12 ms
            # of the UI thread, cProfile).
            self._fill(update.rows)
            return
        self.updating.emit()
        self.version += 1
        root = QModelIndex()
        for first, last in reversed(removed):
            self.beginRemoveRows(root, first, last)
            del self.rows[first:last + 1]
            self.endRemoveRows()
        for first, last in inserted:
            self.beginInsertRows(root, first, last)
            self.rows[first:first] = update.rows[first:last + 1]
            self.endInsertRows()
        self.rows = list(update.rows)
        for first, last in _runs(update.changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.updated.emit()

    def _fill(self, rows: list[CaseSummary]) -> None:
        self.updating.emit()
        self.beginResetModel()
        self.version += 1
        self.rows = rows
        if len(self._shown) > MAX_CACHED_CELLS:
            # Kept otherwise: after a new filter the rows on screen are
            # mostly drawn already, and making a screen's cells anew (dates
            # through babel) was most of the 12-17 ms repaint after typing.
            self._shown.clear()
        self.endResetModel()
        self.updated.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key function: with 10,000 cases this is ~100
        times faster than letting a proxy call ``data()`` for each comparison."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self.version += 1
        old = self.rows
        self.cases = self.in_order(self.cases)
        # The shown rows are the cases the filter lets through, in their order.
        self.rows = passing(self.cases, self.accepted)
        # The view's chosen row (a persistent index) follows its case: left
        # on its row number, Enter would open whichever case moved there.
        persistent = self.persistentIndexList()
        if persistent:
            moved_to = {row.id: i for i, row in enumerate(self.rows)}
            self.changePersistentIndexList(persistent, [
                self.index(moved_to[old[p.row()].id], p.column())
                if 0 <= p.row() < len(old) and old[p.row()].id in moved_to else QModelIndex()
                for p in persistent])
        self.layoutChanged.emit()

    def clear(self) -> None:
        self.set_cases([])

    def case_at(self, row: int) -> CaseSummary:
        return self.rows[row]

    def row_of(self, case_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == case_id), None)

    def retranslate(self) -> None:
        self._shown.clear()  # names or initials, or another language
        super().retranslate()

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        self._new_day()
        return super().data(index, role)

    def multiData(self, index, roles) -> None:  # noqa: N802 - Qt API
        self._new_day()
        row = self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None
        if row is None:
            for role_data in roles:
                role_data.setData(None)
            return
        # A repaint asks this for every cell on screen with seven roles: the
        # row's cells are looked up once, the roles compared as plain numbers.
        column, cells = index.column(), self._cells(row)
        for role_data in roles:
            role_data.setData(self._answer(row, column, role_data.role(), cells))

    def _new_day(self) -> None:
        """Overdue ("te laat") changes at midnight: make the cells anew.

        The date is looked at once a second at most: asked per cell, it was a
        third of the Python time of a repaint."""
        now = monotonic()
        if now - self._day_seen < 1:
            return
        self._day_seen = now
        today = date.today()
        if today != self._today:
            self._shown.clear()
            self._today = today

    def cell(self, row: CaseSummary, column: int, role: int):
        return self._answer(row, column, int(getattr(role, "value", role)), None)

    def _answer(self, row: CaseSummary, column: int, role: int, cells: _Cells | None):
        """What ``role`` (a plain number: comparing Qt's enums per branch was
        most of the Python time of drawing the list) shows for ``row`` in
        ``column``; ``cells``: the row's, when the caller has them."""
        if role == _DISPLAY:
            return (cells or self._cells(row)).display[column]
        if role == _FOREGROUND:
            return (cells or self._cells(row)).foreground[column]
        if role == _FONT:
            return (cells or self._cells(row)).font[column]
        if role == _ID:
            return row.id
        if role == _SORT:
            return _sort_key(row, column)
        if role == _NEW:
            return row.id in self.news
        if role == _TOOLTIP:
            if column == REFERENCE and row.id in self.news:
                return _("Nieuw: een collega heeft deze casus gewijzigd sinds je hem opende")
            return self.tooltip(row.id) if self.tooltip is not None else None
        return None

    def forget_cells(self, case_id: str) -> None:
        """Make the row's cells anew when next drawn (its new-since mark changed)."""
        self._shown.pop(case_id, None)

    def _cells(self, row: CaseSummary) -> _Cells:
        """The row's texts and looks, made the first time it is drawn and
        read from then on: Qt asks for them at every repaint, and formatting
        a date with babel takes ~0.1 ms."""
        shown = self._shown.get(row.id)
        if shown is None or shown[0] is not row:
            # Every read of the list makes new summaries: an equal one (the
            # case did not change) keeps its cells. Making them anew cost
            # the first repaint after going back to the list 10-20 ms.
            cells = shown[1] if shown is not None and shown[0] == row else self._make_cells(row)
            shown = self._shown[row.id] = (row, cells)
        return shown[1]

    def _make_cells(self, row: CaseSummary) -> _Cells:
        overdue = _overdue(row)
        display = tuple(self._display(row, column, overdue) for column in range(len(COLUMNS)))
        if row.status == CaseStatus.CLOSED:
            foreground: tuple = (Qt.GlobalColor.gray,) * len(COLUMNS)
        elif overdue:
            # Not by colour alone: also a mark and a word, and bold.
            foreground = tuple(QColor(text_colour(Tone.ERROR)) if column == NEXT_DUE else None
                               for column in range(len(COLUMNS)))
        else:
            foreground = _NONE
        font = tuple(_bold() if column == NEXT_DUE else None
                     for column in range(len(COLUMNS))) if overdue else _NONE
        return _Cells(display, foreground, font)

    def _display(self, row: CaseSummary, column: int, overdue: bool) -> str:
        if column == REFERENCE:
            # A mark in the text (not a colour), explained by the tooltip.
            return f"● {row.reference}" if row.id in self.news else row.reference
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
            return _("⚠ {date} (te laat)").format(date=due) if overdue else due
        return format_datetime(row.updated_at, "short")


@dataclass(frozen=True)
class _Cells:
    """What the list draws for one case: per column its text, colour, font."""

    display: tuple[str, ...]
    foreground: tuple
    font: tuple


_NONE = (None,) * len(COLUMNS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_SORT, _ID, _NEW = (int(getattr(r, "value", r)) for r in (SORT_ROLE, ID_ROLE, NEW_ROLE))


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _sort_key(row: CaseSummary, column: int):
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


class CaseFilter:
    """Filters on reference and household name; optionally open cases only.

    Which cases pass is worked out here in one pass per change; the model
    then shows those (``CaseTableModel.set_filter``). A full-text search's
    result is worked out, rows included, on the search's own task
    (``planner``), and only applied here (``take``). The table shows the
    model itself, with no proxy model between: a proxy turned each cell
    drawn into ~20 calls from Qt into Python (mapping rows, then asking the
    model per role), each waiting for the interpreter lock while a worker
    thread reads.
    """

    def __init__(self, model: CaseTableModel) -> None:
        self.model = model
        model.tooltip = self.tooltip
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
        needle, model = self._needle, self.model
        snippets: dict[str, str] = {}
        accepted: frozenset[str] | None
        if self.discreet:
            accepted = frozenset([self.only_case] if self.only_case else [])
        elif not needle and not self.open_only and self.only_ids is None:
            accepted = None
        elif self.full_text and len(needle) >= MIN_SEARCH_CHARS:
            if self.found is None or self.found[0] != needle:
                return  # the search runs off the UI thread; the list stays until it is back
            snippets = self.found[1]
            accepted = found_ids(model.cases, snippets, self.open_only, self.only_ids)
        else:
            accepted = frozenset(
                row.id for row in model.cases
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
        # The model filters: it removes and inserts the rows that change, or
        # fills anew when most do (see ``CaseTableModel``).
        model.set_filter(accepted)

    def planner(self, needle: str) -> Callable[[dict[str, str]], Found]:
        """For the search's own task: what it found for ``needle`` → ready for
        the list (``take``), planned against what is shown and filtered now.
        Pure: the UI thread then only tells the view which rows changed
        (finding that out here took 3-15 ms of it per search on 30,000 cases)."""
        cases, open_only, only_ids = self.model.cases, self.open_only, self.only_ids
        before, basis = self._accepted, self._basis(needle)
        plan_rows = self.model.filter_planner()

        def plan(snippets: dict[str, str]) -> Found:
            accepted = found_ids(cases, snippets, open_only, only_ids)
            update = None if accepted == before else plan_rows(accepted)
            return Found(needle, snippets, accepted, update, basis)
        return plan

    def _basis(self, needle: str) -> tuple[tuple, tuple]:
        """What a search's plan depends on: values, and objects compared by
        identity (the list of cases and the sets of ids are never changed
        in place, only replaced)."""
        return ((self.model.version, needle, self.open_only, self.discreet, self.full_text),
                (self.model.cases, self.only_ids, self._accepted))

    def take(self, found: Found, text: str) -> bool:
        """Show what the search found, as planned, while ``text`` is typed;
        False (nothing done) when the list or its filters changed since it
        was planned, or the text did: ``found`` then has to be filtered anew."""
        values, objects = self._basis(text.strip().casefold())
        if values != found.basis[0] or any(a is not b for a, b in zip(objects, found.basis[1],
                                                                       strict=True)):
            return False
        self._needle = found.needle
        self.found = (found.needle, found.snippets)
        self.snippets = found.snippets
        if found.update is not None:
            self._accepted = found.accepted
            self.model.apply_filter(found.accepted, found.update)
        return True

    def invalidate_cases(self) -> None:
        """Call after the model's cases changed, to filter them again."""
        if self._accepted is not None or self.discreet or self.only_ids is not None:
            self._refilter()

    def tooltip(self, case_id: str) -> str | None:
        """Where the search found the case, for its row's tooltip."""
        if case_id not in self.snippets:
            return None
        if not self.snippets[case_id] and self.snippet_for is not None:
            self.snippets[case_id] = self.snippet_for(self._needle, case_id)
        return _("Gevonden: {snippet}").format(snippet=self.snippets[case_id])


class CaseListView(QWidget):
    """The home screen after unlocking. Emits ``open_requested(case_id)``."""

    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self.case_filter = CaseFilter(self.model)
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
        self.table.setModel(self.model)
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
        # Widths grow with the text size; the reference has room for the new-since mark.
        em = self.table.fontMetrics().averageCharWidth()
        for column, chars in ((REFERENCE, 21), (STEP, 30), (PHASE, 8), (NEXT_DUE, 20),
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
        self._chosen: str | None = None
        #: The rows shown are the top of the list; the rest is being read.
        self._first = False
        self.model.updating.connect(self._remember_chosen)
        self.model.updated.connect(self._restore_chosen)
        self.model.updated.connect(self._lay_out_now)
        self.open_only.toggled.connect(self.case_filter.set_open_only)
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

    def set_cases(self, rows: list[CaseSummary], first: bool = False) -> None:
        """Show ``rows``; with ``first``, they are the top of the list and
        the rest is still being read (the count says so meanwhile)."""
        self._first = first
        self.model.set_cases(rows)
        self._cases_changed()

    def first_rows(self) -> int:
        """How many rows fill the table, to show first while the rest is read;
        0 when the list is sorted on another column than the last change
        (its top is then not the store's most recently changed cases)."""
        if (self.model.sort_column, self.model.sort_order) != (UPDATED,
                                                               Qt.SortOrder.DescendingOrder):
            return 0
        row_height = max(1, self.table.verticalHeader().defaultSectionSize())
        # The table may not be laid out yet (the first unlock): the window's height then.
        height = max(self.table.viewport().height(), self.window().height())
        return height // row_height + 1

    def set_news(self, ids: frozenset[str]) -> None:
        """Mark the cases someone else changed since this worker opened them."""
        changed = self.model.news ^ ids
        self.model.news = ids
        for case_id in changed:
            self.model.forget_cells(case_id)  # its reference carries the mark
            row = self.model.row_of(case_id)
            if row is not None:
                index = self.model.index(row, REFERENCE)
                self.model.dataChanged.emit(index, index)

    def mark_seen(self, case_id: str) -> None:
        self.set_news(self.model.news - {case_id})

    def planner(self) -> Callable[[list[CaseSummary]], ListUpdate]:
        """For a worker thread: new cases → how this list changes to show
        them (``apply_update``), planned against the rows shown now."""
        return self.model.planner()

    def change_planner(self) -> Callable[[list[CaseSummary], frozenset[str]], ListUpdate]:
        """For a worker thread: changed rows → how this list changes
        (``apply_update``); see ``CaseTableModel.change_planner``."""
        return self.model.change_planner()

    def apply_update(self, update: ListUpdate) -> None:
        self._first = False
        self.model.apply(update)
        self._cases_changed()

    def _cases_changed(self) -> None:
        self.case_filter.invalidate_cases()
        self._update_count()
        if self._full_text_needle():
            self._apply_filter()  # the cases changed: search again

    def _full_text_needle(self) -> str | None:
        needle = self.filter.text().strip().casefold()
        if self._search is None or self.case_filter.discreet or len(needle) < MIN_SEARCH_CHARS:
            return None
        return needle

    def _apply_filter(self) -> None:
        # Filtered first, so that the search is planned against what it leaves shown.
        self.case_filter.set_text(self.filter.text())
        needle = self._full_text_needle()
        if needle is not None:
            self._search_token += 1
            token = self._pending = self._search_token
            self._search(needle, self.case_filter.planner(needle),
                         lambda found: self._found(token, needle, found))
        self._update_count()

    def _found(self, token: int, needle: str, found: Found | None) -> None:
        if token != self._pending:
            return  # typing went on, or the store locked, since this search began
        self._pending = None
        text = self.filter.text()
        if found is None or not self.case_filter.take(found, text):
            # Failed, or planned for rows or filters that changed meanwhile.
            self.case_filter.found = (needle, found.snippets if found is not None else {})
            self.case_filter.set_text(text)
        self._update_count()

    @property
    def searching(self) -> bool:
        """A full-text search is under way and its result not shown yet."""
        return self._pending is not None

    def show_only(self, ids: list[str], title: str) -> None:
        """The cases behind one figure of the overview."""
        self.case_filter.only_ids = frozenset(ids)
        self.case_filter.invalidate_cases()
        self.only_label.setText(_("Toont: {title}").format(title=title))
        self.only_label.show()
        self.show_all_button.show()
        self._update_count()

    def show_all(self) -> None:
        self.case_filter.only_ids = None
        self.case_filter.set_text(self.filter.text())
        self.only_label.hide()
        self.show_all_button.hide()
        self._update_count()

    def set_search(self, search: Search | None,
                   snippet_for: Callable[[str, str], str] | None = None) -> None:
        """Search with the store's full-text index (cases, people, signals).

        ``search(text, prepare, deliver)`` starts a search off the UI thread,
        passes what it found, ``{case id: snippet}``, to ``prepare`` on that
        thread (which works out the rows to show) and calls
        ``deliver(prepare's result)`` on the UI thread when done (None when
        it failed).
        """
        self._search = search
        self._pending = None  # a search under way is forgotten
        self.case_filter.full_text = search is not None
        self.case_filter.found = None
        self.case_filter.snippet_for = snippet_for

    def set_discreet(self, on: bool, only_case: str | None = None) -> None:
        """Discreet mode: initials instead of names, and no other cases."""
        changed = on != self.model.discreet
        self.model.discreet = on
        self.case_filter.set_discreet(on, only_case)
        if changed:
            # Names become initials or back. Not on every case opened: telling
            # the view that 30,000 rows changed stalled opening a case ~100 ms.
            self.model.retranslate()
        self.filter.setEnabled(not on)
        self._update_count()

    def _remember_chosen(self) -> None:
        index = self.table.currentIndex()
        self._chosen = self.model.data(index, ID_ROLE) if index.isValid() else None

    def _restore_chosen(self) -> None:
        """The case chosen before stays chosen where it went; when it is no
        longer shown, nothing is chosen. Removing its row would otherwise
        make a neighbouring case current, and Enter would open that one."""
        chosen, self._chosen = self._chosen, None
        if chosen is None:
            return
        row = self.model.row_of(chosen)
        if row is None:
            self.table.selectionModel().clear()
            return
        index = self.model.index(row, 0)
        if self.table.currentIndex().row() != row:
            self.table.setCurrentIndex(index)

    def _lay_out_now(self) -> None:
        """Lay the rows out in this turn, before they are painted. Left to
        Qt, the layout comes in a later turn (a timer after a reset, a
        removal or an insertion) and repaints every row a second time: a
        search's result was painted twice, ~5 ms each (issue 17)."""
        if self.table.isVisible():
            self.table.executeDelayedItemsLayout()

    def select_case(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.model.data(index, ID_ROLE))

    def _update_count(self, *_args) -> None:
        if self.model.discreet:
            self.count.setText(_("Discrete modus: andere casussen en namen zijn verborgen."))
            return
        if self._first:
            self.count.setText(_("De andere casussen worden geladen…"))
            return
        shown, total = self.model.passing, self.model.total
        text = ngettext("{n} casus", "{n} casussen", total).format(n=total)
        if shown != total:
            text = _("{shown} van {total}").format(shown=shown, total=text)
        self.count.setText(text)
