"""A date (or date and time) typed as the worker writes it, with a calendar beside it.

Qt's date edit splits the text into day, month and year sections: after one
click in the month, typing "14-05-2018" gave "03-05--". This field is a line
edit instead: one click selects what is there, and the typed text is read by
``app.forms.typed_dates`` ("14-05-2018", "14-5-18", "14 mei 2018"); on leaving
the field it is shown as dd-mm-jjjj. The button beside it (or Alt+Down) opens
a calendar. Text that is not a date is kept as typed, so the validator can
say what is wrong and a draft keeps it.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.forms.typed_dates import parse_day, parse_moment
from app.i18n import _

DAY_FORMAT = "%d-%m-%Y"
MOMENT_FORMAT = "%d-%m-%Y %H:%M"


class _SelectOnFocus(QObject):
    """Select all text when the field gets focus, also by a mouse click, so
    typing replaces the date that was there."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, watched, watched.selectAll)  # not after it is gone
        return False


class DateField(QWidget):
    """``with_time``: a moment (to the minute). ``edited`` fires on every change
    by the user; ``value()`` is a date/datetime, the typed text when it is not
    one, or None when empty."""

    edited = Signal()

    def __init__(self, today: date, *, with_time: bool = False, latest: date | None = None,
                 default_time: time | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today, self._with_time, self._latest = today, with_time, latest
        self._default_time = default_time or time(0, 0)
        self.edit = QLineEdit()
        self.edit.installEventFilter(_SelectOnFocus(self.edit))
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down from the field
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        if latest is not None:
            self.calendar.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        menu = QMenu(self.calendar_button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_to_value)
        self.calendar_button.setMenu(menu)
        self.calendar.activated.connect(self._picked)
        self.calendar.clicked.connect(self._picked)
        QShortcut(QKeySequence("Alt+Down"), self.edit, activated=self.open_calendar,
                  context=Qt.ShortcutContext.WidgetShortcut)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self.edited)
        self.edit.editingFinished.connect(self._tidy)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(_("bijv. 14-05-2018 09:30") if self._with_time
                                     else _("bijv. 14-05-2018"))
        self.calendar_button.setToolTip(_("Kalender (Alt+Pijl omlaag)"))
        self.calendar_button.setAccessibleName(_("Kalender"))

    # -- value --------------------------------------------------------------------------

    def value(self) -> date | datetime | str | None:
        text = self.edit.text().strip()
        if not text:
            return None
        parsed = self._parse(text)
        return text if parsed is None else parsed

    def set_value(self, value: date | datetime | str | None) -> None:
        if isinstance(value, datetime):
            text = self._format(value if self._with_time else value.date())
        elif isinstance(value, date):
            text = self._format(datetime.combine(value, self._default_time)
                                if self._with_time else value)
        else:
            text = value if isinstance(value, str) else ""
        self.edit.setText(text)

    def _format(self, value: date) -> str:
        return value.strftime(MOMENT_FORMAT if self._with_time else DAY_FORMAT)

    def _parse(self, text: str) -> date | datetime | None:
        if self._with_time:
            return parse_moment(text, self._today, self._default_time)
        return parse_day(text, self._today)

    def _tidy(self) -> None:
        """Show a typed date the one way (14-5-18 becomes 14-05-2018)."""
        value = self.value()
        if isinstance(value, date):
            tidy = self._format(value)
            if tidy != self.edit.text():
                self.edit.setText(tidy)

    # -- calendar -----------------------------------------------------------------------

    def open_calendar(self) -> None:
        self.calendar_button.showMenu()

    def _calendar_to_value(self) -> None:
        value = self.value()
        day = value.date() if isinstance(value, datetime) else value
        if not isinstance(day, date):
            day = min(self._today, self._latest) if self._latest else self._today
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        day = picked.toPython()
        if self._with_time:
            value = self.value()
            when = value.time() if isinstance(value, datetime) else self._default_time
            self.set_value(datetime.combine(day, when))
        else:
            self.set_value(day)
        self.calendar_button.menu().hide()
        self.edit.setFocus()
        self.edited.emit()
