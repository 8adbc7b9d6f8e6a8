"""One editor per field type, all with the same small interface.

An :class:`Editor` owns the widget placed in the form (``widget``), knows the
widget that takes keyboard focus and the label's buddy (``focus``), reads and
writes the field's value in the types of ``app.forms`` (``str``, ``date``,
``datetime``, ``int``, ``bool``, code or list of codes, ``None`` for no
answer) and emits ``changed`` on every edit by the user.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.forms import Field, FieldType, FormContext, choices_for, normalise
from app.i18n import N_, _
from app.ui.forms.date_field import DateField
from app.ui.forms.optional_edits import OptionalSpinBox

EMPTY_TEXT = N_("Niet ingevuld")
NO_CHOICES = N_("Geen keuzes beschikbaar")
COMBO_MAX_WIDTH = 420
_YES_NO = ((EMPTY_TEXT, None), (N_("Ja"), True), (N_("Nee"), False))


class Editor(QObject):
    """Base: subclasses set ``widget``/``focus`` and implement value/set_value."""

    changed = Signal()

    def __init__(self, field: Field, context: FormContext) -> None:
        super().__init__()
        self.field = field
        self.context = context
        self.widget: QWidget
        self.focus: QWidget

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Re-read texts that belong to the editor itself (choices, empty text)."""

    def set_accessible(self, name: str, description: str) -> None:
        self.focus.setAccessibleName(name)
        self.focus.setAccessibleDescription(description)

    def _lenient(self, value: Any) -> Any:
        """``value`` read as this type, ignoring range rules (stored drafts may break them)."""
        loose = replace(self.field, not_in_future=False, minimum=None, maximum=None) \
            if self.field.type is FieldType.INTEGER else replace(self.field, not_in_future=False)
        parsed, problem = normalise(loose, value, self.context)
        return None if problem else parsed


class TextEditor(Editor):
    """Short text and phone numbers: one line."""

    def __init__(self, field: Field, context: FormContext) -> None:
        super().__init__(field, context)
        self.widget = self.focus = edit = QLineEdit()
        assert field.max_length is not None
        edit.setMaxLength(field.max_length)
        if field.type is FieldType.PHONE:
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * 24)
        edit.textEdited.connect(self.changed)

    def value(self) -> str | None:
        return self.widget.text() or None

    def set_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else ""
        # Never cut off a stored answer: let the validator say it is too long.
        self.widget.setMaxLength(max(self.field.max_length or 0, len(text)))
        self.widget.setText(text)


class LongTextEditor(Editor):
    """Long text on several lines; Tab moves on instead of typing a tab."""

    def __init__(self, field: Field, context: FormContext) -> None:
        super().__init__(field, context)
        self.widget = self.focus = edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 8 + 12)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._setting = False
        edit.textChanged.connect(self._edited)

    def _edited(self) -> None:
        if not self._setting:
            self.changed.emit()

    def value(self) -> str | None:
        return self.widget.toPlainText() or None

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            self.widget.setPlainText(value if isinstance(value, str) else "")
        finally:
            self._setting = False


class NumberEditor(Editor):
    """Whole numbers within the field's bounds, and the 0-10 scale."""

    def __init__(self, field: Field, context: FormContext) -> None:
        super().__init__(field, context)
        low, high = field.bounds
        self.widget = self.focus = box = OptionalSpinBox(low, high)
        digits = max(len(str(low or 0)), len(str(high or 0)), 6)
        box.setMaximumWidth(box.fontMetrics().horizontalAdvance("0") * (digits + 16))
        box.valueChanged.connect(self._edited)
        self._setting = False
        self.retranslate()

    def _edited(self) -> None:
        if not self._setting:
            self.changed.emit()

    def retranslate(self) -> None:
        self.widget.setSpecialValueText(_(EMPTY_TEXT))

    def value(self) -> int | None:
        return self.widget.number()

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            self.widget.set_number(self._lenient(value))
        finally:
            self._setting = False


class DateEditor(Editor):
    """A date, or a date and time, typed or picked from a calendar (``DateField``)."""

    def __init__(self, field: Field, context: FormContext) -> None:
        super().__init__(field, context)
        now = context.now()
        local_now = now.astimezone().replace(tzinfo=None) if now.tzinfo else now
        moment = field.type is FieldType.DATETIME
        latest = local_now.date() if field.not_in_future and not moment else None
        self.widget = box = DateField(local_now.date(), with_time=moment, latest=latest,
                                      default_time=local_now.time())
        self.focus = box.edit
        box.setMaximumWidth(box.fontMetrics().horizontalAdvance("0") * 30)
        box.edited.connect(self.changed)

    def retranslate(self) -> None:
        self.widget.retranslate()

    def value(self) -> date | datetime | str | None:
        return self.widget.value()

    def set_value(self, value: Any) -> None:
        parsed = self._lenient(value)
        # Text that is no date yet (a draft) stays as it was typed.
        self.widget.set_value(parsed if parsed is not None or not isinstance(value, str)
                              else value)


class ComboEditor(Editor):
    """Yes/no (tri-state), single choice and one person: a drop-down list."""

    def __init__(self, field: Field, context: FormContext) -> None:
        super().__init__(field, context)
        self.widget = self.focus = combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(COMBO_MAX_WIDTH)
        self.retranslate()
        combo.activated.connect(self.changed)

    def _items(self) -> list[tuple[str, Any]]:
        if self.field.type is FieldType.YES_NO:
            return [(_(text), value) for text, value in _YES_NO]
        return [(_(EMPTY_TEXT), None)] + [(str(c.label), c.code)
                                          for c in choices_for(self.field, self.context)]

    def retranslate(self) -> None:
        combo = self.widget
        current = self.value() if combo.count() else None
        combo.clear()
        for text, value in self._items():
            combo.addItem(text, value)
        self.set_value(current)

    def value(self) -> Any:
        return self.widget.currentData()

    def set_value(self, value: Any) -> None:
        parsed = self._lenient(value)
        index = next((i for i in range(self.widget.count())
                      if _same(self.widget.itemData(i), parsed)), 0)
        self.widget.setCurrentIndex(index)


class MultiChoiceEditor(Editor):
    """Multiple choice and several people: a list of check boxes (Space ticks)."""

    def __init__(self, field: Field, context: FormContext) -> None:
        super().__init__(field, context)
        self.widget = self.focus = view = QListWidget()
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setFrameShape(QFrame.Shape.StyledPanel)
        view.setSpacing(2)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._setting = False
        self.retranslate()
        view.itemChanged.connect(self._edited)

    def _edited(self, _item: QListWidgetItem) -> None:
        if not self._setting:
            self.changed.emit()

    def retranslate(self) -> None:
        view = self.widget
        picked = self.value() if view.count() else []
        self._setting = True
        try:
            view.clear()
            for choice in choices_for(self.field, self.context):
                item = QListWidgetItem(str(choice.label), view)
                item.setData(Qt.ItemDataRole.UserRole, choice.code)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            if view.count() == 0:
                QListWidgetItem(_(NO_CHOICES), view).setFlags(Qt.ItemFlag.NoItemFlags)
        finally:
            self._setting = False
        self.set_value(picked)
        rows = min(max(view.count(), 1), 8)
        view.setFixedHeight((view.sizeHintForRow(0) + 2 * view.spacing()) * rows
                            + 2 * view.frameWidth() + 2)

    def _items(self) -> list[QListWidgetItem]:
        view = self.widget
        return [view.item(i) for i in range(view.count())
                if view.item(i).data(Qt.ItemDataRole.UserRole) is not None]

    def value(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_value(self, value: Any) -> None:
        wanted = set(value) if isinstance(value, list | tuple | set | frozenset) else set()
        self._setting = True
        try:
            for item in self._items():
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self._setting = False


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def make_editor(field: Field, context: FormContext) -> Editor:
    """The editor for ``field``'s type."""
    kind = field.type
    if kind in (FieldType.SHORT_TEXT, FieldType.PHONE):
        return TextEditor(field, context)
    if kind is FieldType.LONG_TEXT:
        return LongTextEditor(field, context)
    if kind in (FieldType.INTEGER, FieldType.SCALE):
        return NumberEditor(field, context)
    if kind in (FieldType.DATE, FieldType.DATETIME):
        return DateEditor(field, context)
    if field.is_multi:
        return MultiChoiceEditor(field, context)
    return ComboEditor(field, context)
