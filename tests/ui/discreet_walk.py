"""Walk every visible widget of a window and read what a person (or a screen
reader) could get from it; then look for what discreet mode must hide.

``seen(root)`` collects (where, text) from labels, buttons, group boxes,
editors, combo boxes, visible tabs, the data of every visible row of every
item view (display, tool tip and accessible roles, headers too), tool tips,
status tips, accessible names and descriptions and window titles.
``forbidden(store, case_id)`` lists what identifies or judges in the open
case; ``leaks(seen, needles)`` says where any of it shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from app.i18n import format_date
from app.safety import FamilyProfile
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.services import safety as safety_service

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
         Qt.ItemDataRole.StatusTipRole, Qt.ItemDataRole.WhatsThisRole,
         Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.AccessibleDescriptionRole)


def _view_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out = []
    top = QModelIndex()
    # A list model's columnCount is private in PySide6: it has one column.
    rows = model.rowCount(top)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = columns if orientation == Qt.Orientation.Horizontal else rows
        if orientation == Qt.Orientation.Vertical and isinstance(view, QTableView) \
                and view.verticalHeader().isHidden():
            continue
        for section in range(count):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(section, orientation, role)
                if value:
                    out.append(str(value))
    for row in range(rows):
        if isinstance(view, QTableView) and view.isRowHidden(row):
            continue
        for column in range(columns):
            if isinstance(view, QTableView) and view.isColumnHidden(column):
                continue
            index = model.index(row, column)
            for role in ROLES:
                value = model.data(index, role)
                if isinstance(value, str) and value:
                    out.append(value)
    return out


def _own_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.statusTip(), widget.whatsThis(),
             widget.accessibleName(), widget.accessibleDescription()]
    if widget.isWindow():
        texts.append(widget.windowTitle())
    if isinstance(widget, QLabel):
        texts.append(widget.text())
    elif isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QLineEdit):
        texts += [widget.text(), widget.placeholderText()]
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        texts.append(widget.toPlainText())
    elif isinstance(widget, QAbstractSpinBox):
        texts.append(widget.text())
    elif isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            if widget.isTabVisible(i):
                texts += [widget.tabText(i), widget.tabToolTip(i)]
    if isinstance(widget, QAbstractItemView):
        texts += _view_texts(widget)
    return [t for t in texts if t]


def seen(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for ``root`` and every descendant that is visible now."""
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if not root.isVisible() and widget is not root:
            continue
        where = f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()})"
        out += [(where, text) for text in _own_texts(widget)]
    return out


def screen_state(root: QWidget) -> list[tuple[str, str]]:
    """What ``root`` shows, also which tabs exist: to compare before and after."""
    state = seen(root)
    for tabs in root.findChildren(QTabWidget):
        state.append(("tabs", ",".join(str(tabs.isTabVisible(i)) for i in range(tabs.count()))))
    return state


# -- what must not show ------------------------------------------------------------------


@dataclass(frozen=True)
class Needle:
    kind: str
    text: str
    pattern: re.Pattern

    def found_in(self, text: str) -> bool:
        return bool(self.pattern.search(text))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _needle(kind: str, text: str, whole_word: bool = True) -> Needle:
    body = re.escape(text)
    if whole_word:  # a name also with a possessive s ("Lottes")
        body = rf"(?<!\w){body}s?(?!\w)"
    return Needle(kind, text, re.compile(body, re.IGNORECASE))


def five_word_needles(kind: str, text: str) -> list[Needle]:
    """Any five consecutive words of ``text``, whatever is between them."""
    words = _words(text)
    return [Needle(kind, " ".join(words[i:i + 5]), re.compile(
        r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words[i:i + 5]) + r"(?!\w)",
        re.IGNORECASE)) for i in range(len(words) - 4)]


def forbidden(store, case_id: str) -> list[Needle]:
    """What identifies or judges in the open case, and the other cases' names."""
    case = case_service.find_case(store, case_id)
    needles = [_needle("household", case.household_name)]
    for person in case.people:
        needles.append(_needle("name", person.name))
        needles += [_needle("name", part) for part in re.split(r"[\s-]+", person.name)
                    if len(part) >= 3 and part[0].isupper()]
        if person.date_of_birth is not None:
            born = person.date_of_birth
            needles += [_needle("date of birth", text, whole_word=False) for text in {
                format_date(born, "short"), format_date(born, "medium"),
                format_date(born, "long"), born.isoformat(), born.strftime("%d-%m-%Y")}]
    records = meldcode_service.load_records(store, case_id)
    labels: set[str] = set()
    for history in records.signals:
        for version in history.versions:
            signal = version.signal
            labels |= {f.label for f in signal.forms} | {signal.source.label}
            needles += five_word_needles("facts", signal.facts)
            needles += five_word_needles("interpretation", signal.interpretation)
    for profile in records.risk_profiles:
        labels |= {f.label for f in profile.risk_factors}
        labels |= {f.label for f in profile.protective_factors}
    labels |= {r.outcome.kind.label for r in records.kindcheck_runs}
    labels |= {w.outcome.kind.label for w in records.weighings}
    labels |= {d.outcome.label for d in records.decisions}
    plan = safety_service.load_plan(store, case_id).plan
    labels |= {p.label for p in FamilyProfile if p in plan.profiles.profiles}
    needles += [_needle("vocabulary", label) for label in labels]
    needles += five_word_needles("biggest concern", plan.biggest_concern)
    for other in case_service.list_cases(store):
        if other.id != case_id:
            needles.append(_needle("other case", other.household_name))
    return needles


def leaks(shown: list[tuple[str, str]], needles: list[Needle]) -> list[str]:
    return sorted({f"{where}: {needle.kind} {needle.text!r} in {text[:80]!r}"
                   for where, text in shown for needle in needles if needle.found_in(text)})
