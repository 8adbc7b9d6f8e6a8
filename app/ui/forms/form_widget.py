"""FormWidget: draws any ``app.forms.FormDefinition`` and lets the worker fill it in.

Labels sit above their editor (long B1 questions fit on a laptop screen);
each label is the buddy of its editor with its own Alt+letter mnemonic.
Under the editor: the validator's messages in red, then the help text,
smaller and muted. Screen readers get the label as the editor's accessible
name and the messages, help text and "required" as its description.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.forms import (
    Field,
    FormContext,
    FormDefinition,
    Section,
    clean,
    initial_values,
    tr,
    validate,
    visible_fields,
)
from app.i18n import _
from app.ui.accessibility import describe
from app.ui.forms.editors import Editor, make_editor
from app.ui.forms.labels import (
    MIN_LABEL_WIDTH,
    QuestionLabel,
    muted,
    with_mnemonic,
)
from app.ui.style import Tone, set_tone

MAX_CONTENT_WIDTH = 760


@dataclass
class _Row:
    field: Field
    editor: Editor
    label: QuestionLabel
    box: QWidget
    error: QLabel
    help: QLabel
    form: QFormLayout


class FormWidget(QWidget):
    """One editor per field of ``definition``; the case's people and clock come from ``context``.

    ``changed`` is emitted on every edit by the user (not by ``set_values``);
    ``field_changed`` says which field.
    """

    changed = Signal()
    field_changed = Signal(str)

    def __init__(self, definition: FormDefinition, context: FormContext | None = None,
                 parent: QWidget | None = None, *, show_title: bool = True) -> None:
        super().__init__(parent)
        self._definition = definition
        self._context = context or FormContext()
        self._rows: dict[str, _Row] = {}
        self._sections: list[tuple[Section, QLabel | None, QLabel | None, list[str]]] = []
        self._errors: dict[str, list[str]] = {}
        self._discreet = False
        self._shown: set[str] = set()
        self._wheel_owners: dict[QObject, QWidget] = {}
        self._build(show_title)
        self.retranslate()
        self.set_values(initial_values(definition))

    # -- building -----------------------------------------------------------------------------

    def _build(self, show_title: bool) -> None:
        inner = QWidget()
        inner.setMaximumWidth(MAX_CONTENT_WIDTH)
        column = QVBoxLayout(inner)
        column.setSpacing(8)
        self._title = QLabel()
        self._title.setWordWrap(True)
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.Bold)
        self._title.setFont(font)
        self._title.setVisible(show_title)
        self._legend = QLabel()
        muted(self._legend)
        self._legend.setVisible(any(f.required for f in self._definition.fields))
        column.addWidget(self._title)
        column.addWidget(self._legend)
        for section in self._definition.sections:
            heading = help_label = None
            if section.title:
                heading = QLabel()
                heading.setWordWrap(True)
                font = heading.font()
                font.setPointSizeF(font.pointSizeF() * 1.15)
                font.setWeight(QFont.Weight.DemiBold)
                heading.setFont(font)
                heading.setContentsMargins(0, 10, 0, 0)
                column.addWidget(heading)
            if section.help:
                help_label = QLabel()
                help_label.setWordWrap(True)
                muted(help_label, 1.0)
                column.addWidget(help_label)
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
            form.setVerticalSpacing(4)
            for f in section.fields:
                self._rows[f.key] = self._make_row(f, form)
            column.addLayout(form)
            self._sections.append((section, heading, help_label, [f.key for f in section.fields]))
        column.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields only
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._scroll.setWidget(inner)
        self._scroll.viewport().installEventFilter(self)
        self._column = column
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)
        focus = [row.editor.focus for row in self._rows.values()]
        for first, second in zip(focus, focus[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def add_header(self, widget: QWidget) -> None:
        """Put ``widget`` above the title, in the scrolling part: an intro can be
        long at large text and must not push the dialog's buttons off the screen."""
        self._column.insertWidget(0, widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._fit_labels()
        elif event.type() == QEvent.Type.Wheel and watched in self._wheel_owners:
            return self._wheel_scrolls_form(self._wheel_owners[watched], event)
        return False

    def _catch_wheel(self, editor: QWidget) -> None:
        """The mouse wheel over a list, choice or number scrolls the form, unless
        the worker is in that control: turning the wheel to read on must not
        change an answer or get stuck in an inner list."""
        targets = [editor]
        if isinstance(editor, QAbstractScrollArea):
            targets.append(editor.viewport())
        for target in targets:
            self._wheel_owners[target] = editor
            target.installEventFilter(self)

    def _wheel_scrolls_form(self, editor: QWidget, event: QEvent) -> bool:
        focus = QApplication.focusWidget()
        if focus is not None and (focus is editor or editor.isAncestorOf(focus)):
            return False
        QApplication.sendEvent(self._scroll.verticalScrollBar(), event)
        return True

    def _fit_labels(self) -> None:
        margins = self._column.contentsMargins()
        width = min(self._scroll.viewport().width(), MAX_CONTENT_WIDTH)
        for row in self._rows.values():
            row.label.set_wrap_width(max(MIN_LABEL_WIDTH, width - margins.left() - margins.right()))

    def _make_row(self, f: Field, form: QFormLayout) -> _Row:
        editor = make_editor(f, self._context)
        editor.setParent(self)
        label = QuestionLabel(MAX_CONTENT_WIDTH - 40)
        label.setBuddy(editor.focus)
        font = label.font()
        font.setWeight(QFont.Weight.DemiBold)
        label.setFont(font)
        box = QWidget()
        stack = QVBoxLayout(box)
        stack.setContentsMargins(0, 0, 0, 12)  # space before the next question
        stack.setSpacing(3)
        stack.addWidget(editor.widget)
        error = QLabel()
        error.setWordWrap(True)
        set_tone(error, Tone.ERROR)
        error.hide()
        help_label = QLabel()
        help_label.setWordWrap(True)
        muted(help_label)
        help_label.setVisible(bool(f.help))
        stack.addWidget(error)
        stack.addWidget(help_label)
        form.addRow(label, box)
        editor.changed.connect(lambda key=f.key: self._edited(key))
        if isinstance(editor.focus, QAbstractScrollArea | QComboBox | QAbstractSpinBox):
            self._catch_wheel(editor.focus)
        return _Row(f, editor, label, box, error, help_label, form)

    # -- values -------------------------------------------------------------------------------

    @property
    def definition(self) -> FormDefinition:
        return self._definition

    def _all_values(self) -> dict[str, Any]:
        return {key: row.editor.value() for key, row in self._rows.items()}

    def _visible_keys(self) -> set[str]:
        return {f.key for f in visible_fields(self._definition, self._all_values(), self._context)}

    def values(self) -> dict[str, Any]:
        """The answers of the shown fields (hidden fields are not kept)."""
        shown = self._visible_keys()
        return {key: value for key, value in self._all_values().items() if key in shown}

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` (missing keys become empty); does not emit ``changed``."""
        for key, row in self._rows.items():
            row.editor.set_value(values.get(key))
        self._update_visibility()
        self.show_errors({})

    def set_value(self, key: str, value: Any) -> None:
        """Show ``value`` for one field; does not emit ``changed``."""
        self._rows[key].editor.set_value(value)
        self._update_visibility()

    def add_below(self, key: str, widget: QWidget) -> None:
        """Put ``widget`` under the field ``key``'s editor, in its row (a
        ``VersionsBox`` of a field in conflict)."""
        row = self._rows[key]
        row.box.layout().insertWidget(1, widget)

    def focus_widget(self, key: str) -> QWidget:
        """The control that takes the keyboard for ``key`` (its label's buddy)."""
        return self._rows[key].editor.focus

    def clean(self) -> dict[str, Any]:
        """Typed, normalised answers; raises ``ValidationError`` like ``app.forms.clean``."""
        return clean(self._definition, self.values(), self._context)

    def _edited(self, key: str) -> None:
        self._update_visibility()
        if self._errors:  # let fixed fields lose their message while typing
            fresh = validate(self._definition, self.values(), self._context)
            self.show_errors({k: v for k, v in fresh.items() if k in self._errors})
        self.changed.emit()
        self.field_changed.emit(key)

    # -- visibility ---------------------------------------------------------------------------

    def set_discreet(self, on: bool) -> None:
        """Hide sensitive fields while others can see the screen; their answers are kept."""
        self._discreet = on
        self._update_visibility()

    def _update_visibility(self) -> None:
        shown = self._visible_keys()
        self._shown = {key for key, row in self._rows.items()
                       if key in shown and not (self._discreet and row.field.sensitive)}
        for key, row in self._rows.items():
            row.form.setRowVisible(row.box, key in self._shown)
        for _section, heading, help_label, keys in self._sections:
            for widget in (heading, help_label):
                if widget is not None:
                    widget.setVisible(any(k in self._shown for k in keys))

    def is_field_visible(self, key: str) -> bool:
        """Whether the field's row is shown (``visible_if`` and discreet mode)."""
        return key in self._shown

    # -- errors -------------------------------------------------------------------------------

    def validate(self) -> bool:
        """Check the answers, show what is wrong and focus the first bad field."""
        errors = validate(self._definition, self.values(), self._context)
        self.show_errors(errors)
        self.focus_first_error()
        return not errors

    def focus_first_error(self) -> None:
        """Focus the first field with a message. Its description (its message
        first) is set anew, also when unchanged, so a screen reader says it
        again on a second try."""
        first = next((row for row in self._rows.values() if row.field.key in self._errors), None)
        if first is not None:
            self._describe(first, again=True)
            first.editor.focus.setFocus(Qt.FocusReason.OtherFocusReason)
            self._scroll.ensureWidgetVisible(first.box)

    def first_error(self) -> tuple[str, str, str] | None:
        """(key, question, message) of the first field with a message, in form order."""
        row = next((r for r in self._rows.values() if r.field.key in self._errors), None)
        if row is None:
            return None
        return row.field.key, tr(row.field.label), self._errors[row.field.key][0]

    def show_errors(self, errors: Mapping[str, list[str]]) -> None:
        """Show ``errors`` (field key -> messages), e.g. from a service; clears the others."""
        self._errors = {k: list(v) for k, v in errors.items() if k in self._rows and v}
        for key, row in self._rows.items():
            messages = self._errors.get(key, [])
            row.error.setText("\n".join(messages))
            row.error.setVisible(bool(messages))
            self._describe(row)

    def errors(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self._errors.items()}

    # -- language -----------------------------------------------------------------------------

    def _describe(self, row: _Row, again: bool = False) -> None:
        parts = list(self._errors.get(row.field.key, []))
        if row.field.required:
            parts.append(_("Verplicht."))
        if row.field.help:
            parts.append(tr(row.field.help))
        row.editor.set_accessible(tr(row.field.label), " ".join(parts))
        if again:
            describe(row.editor.focus, row.editor.focus.accessibleDescription(), again=True)

    def retranslate(self) -> None:
        """Re-read every text through ``_()``; open forms follow a language switch."""
        self._title.setText(tr(self._definition.title))
        self._legend.setText(_("Vragen met een * zijn verplicht."))
        for section, heading, help_label, _keys in self._sections:
            if heading is not None:
                heading.setText(tr(section.title))
            if help_label is not None:
                help_label.setText(tr(section.help))
        used: set[str] = set()
        for row in self._rows.values():
            text = with_mnemonic(tr(row.field.label), used)
            row.label.setText(text + (" *" if row.field.required else ""))
            # Read without the star: "Verplicht." is in the field's description.
            row.label.setAccessibleName(tr(row.field.label))
            row.help.setText(tr(row.field.help))
            row.editor.retranslate()
        if self._errors:
            fresh = validate(self._definition, self.values(), self._context)
            self.show_errors({k: v for k, v in fresh.items() if k in self._errors})
        else:
            self.show_errors({})

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
