"""Date, date-time and number editors that can also say "not filled in".

Qt's spin boxes and date edits always hold a value. These use the usual Qt
trick: one value below the allowed range stands for "empty" and shows
``specialValueText``. On top of that:

- typing a digit or pressing Up/Down in an empty editor starts from today
  (dates) or from 0 (numbers), not from the sentinel;
- selecting all text and pressing Delete or Backspace empties the editor;
- the calendar popup of an empty date opens on the current month.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDateTimeEdit, QSpinBox, QWidget

EMPTY_DATE = QDate(1899, 12, 31)  # the validator accepts years from 1900
EMPTY_DATETIME = QDateTime(EMPTY_DATE, QTime(0, 0))
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_START_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def _wants_clear(box: QAbstractSpinBox, event: QKeyEvent) -> bool:
    line = box.lineEdit()
    return event.key() in _CLEAR_KEYS and (
        line.hasSelectedText() and line.selectedText() == line.text())


def _starts_value(event: QKeyEvent) -> bool:
    return event.key() in _START_KEYS or (len(event.text()) == 1 and event.text().isdigit())


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


class _CalendarPage(QObject):
    """Opens the calendar of an empty editor on the current month."""

    def __init__(self, edit: QDateTimeEdit, today: date) -> None:
        super().__init__(edit)
        self._edit = edit
        self._today = today

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Show and self._edit.dateTime() == \
                self._edit.minimumDateTime():
            self._edit.calendarWidget().setCurrentPage(self._today.year, self._today.month)
        return False


class OptionalDateEdit(QDateEdit):
    """A date with a calendar popup, or nothing."""

    def __init__(self, today: date, latest: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setMinimumDate(EMPTY_DATE)
        if latest is not None:
            self.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.calendarWidget().installEventFilter(_CalendarPage(self, today))
        self.clear_value()

    def is_empty(self) -> bool:
        return self.date() == self.minimumDate()

    def clear_value(self) -> None:
        self.setDate(self.minimumDate())

    def day(self) -> date | None:
        if self.is_empty():
            return None
        d = self.date()
        return date(d.year(), d.month(), d.day())

    def set_day(self, value: date | None) -> None:
        if value is None:
            self.clear_value()
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if _wants_clear(self, event):
            self.clear_value()
            return
        if self.is_empty() and _starts_value(event):
            self.set_day(min(self._today, self.maximumDate().toPython()))
            self.setCurrentSection(QDateTimeEdit.Section.DaySection)
            if not event.text().isdigit():
                return
        super().keyPressEvent(event)


class OptionalDateTimeEdit(QDateTimeEdit):
    """A date and time (to the minute) with a calendar popup, or nothing."""

    def __init__(self, now: datetime, latest: datetime | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now.replace(second=0, microsecond=0)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.setMinimumDateTime(EMPTY_DATETIME)
        if latest is not None:
            self.setMaximumDateTime(_qdatetime(latest))
        self.calendarWidget().installEventFilter(_CalendarPage(self, now.date()))
        self.clear_value()

    def is_empty(self) -> bool:
        return self.dateTime() == self.minimumDateTime()

    def clear_value(self) -> None:
        self.setDateTime(self.minimumDateTime())

    def moment(self) -> datetime | None:
        if self.is_empty():
            return None
        d, t = self.date(), self.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def set_moment(self, value: datetime | None) -> None:
        if value is None:
            self.clear_value()
        else:
            self.setDateTime(_qdatetime(value))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if _wants_clear(self, event):
            self.clear_value()
            return
        if self.is_empty() and _starts_value(event):
            self.set_moment(self._now)
            self.setCurrentSection(QDateTimeEdit.Section.DaySection)
            if not event.text().isdigit():
                return
        super().keyPressEvent(event)


def _qdatetime(value: datetime) -> QDateTime:
    local = value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute))
