"""One dialog for every meldcode record: a form, saved as a draft while typing.

The form comes from a definition in ``app.forms``; ``convert`` turns its values
into a domain record (raising a ValidationError with a Dutch message) and
``submit`` hands that record to a service. While the worker types, the values
are passed to ``on_draft`` at most half a second after a keystroke, also during
steady typing, and again when the dialog closes, so a crash or a closed lid
loses at most that half second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError, VeiligwijzerError
from app.forms import FieldType, FormContext, FormDefinition, initial_values, tr
from app.i18n import N_, _
from app.ui.accessibility import announce, show_error
from app.ui.forms import FormWidget
from app.ui.notice import tell
from app.ui.style import Tone, set_tone

AUTOSAVE_MS = 500


def _start_values(definition: FormDefinition, context: FormContext) -> dict[str, Any]:
    """A new record starts on today (dates) and now (moments): what is recorded
    on a visit is nearly always about that day, and the worker can change it."""
    values: dict[str, Any] = initial_values(definition)
    for f in definition.fields:
        if f.visible_if is None and values.get(f.key) is None:
            if f.type is FieldType.DATE:
                values[f.key] = context.today()
            elif f.type is FieldType.DATETIME:
                values[f.key] = context.now().replace(second=0, microsecond=0)
    return values


class _MessageLabel(QLabel):
    """A wrapping message that takes no room while it is empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class RecordDialog(QDialog):
    def __init__(self, definition: FormDefinition, context: FormContext,
                 convert: Callable[[dict[str, Any]], Any], submit: Callable[[Any], None],
                 values: Mapping[str, Any] | None = None,
                 on_draft: Callable[[dict[str, Any]], None] | None = None,
                 intro: str = "", parent: QWidget | None = None, *,
                 kept_note: str = "") -> None:
        super().__init__(parent)
        self._kept_note = kept_note or _("Wat je typte is bewaard als concept. Maak het later "
                                         "af met 'Concepten afmaken'.")
        self._typed_anything = False
        self.setWindowTitle(tr(definition.title))
        self._convert, self._submit, self._on_draft = convert, submit, on_draft
        self.form = FormWidget(definition, context)
        start = _start_values(definition, context)
        start.update({k: v for k, v in (values or {}).items() if v is not None})
        self.form.set_values(start)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        # The form scrolls (the intro with it); the messages and the buttons stay
        # in view below it, whatever the size of the text.
        self.form.add_header(self.intro)
        self.error = _MessageLabel()
        set_tone(self.error, Tone.ERROR)
        self.draft_note = _MessageLabel()
        set_tone(self.draft_note, Tone.MUTED)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.set_button_texts(N_("Vastleggen"), N_("Later afmaken"))
        self.later_button.setVisible(on_draft is not None)
        if on_draft is None:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.draft_note)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_draft)
        self.form.changed.connect(self._typed)
        self.resize(760, 680)
        self.record: Any = None

    def set_button_texts(self, save: str, later: str) -> None:
        """The texts (``N_`` msgids) of the record and later buttons; they follow
        a language switch."""
        self._button_texts = (save, later)
        self._retranslate_buttons()

    def _retranslate_buttons(self) -> None:
        save, later = self._button_texts
        self.save_button.setText(_(save))
        self.save_button.setToolTip(_("{action} (Ctrl+Enter)").format(action=_(save)))
        self.later_button.setText(_(later))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_buttons()
            self.setWindowTitle(tr(self.form.definition.title))
        super().changeEvent(event)

    def _typed(self) -> None:
        self._typed_anything = True
        # Not restarted on every key: steady typing is still saved twice a second.
        if not self._timer.isActive():
            self._timer.start()

    def save_draft(self) -> None:
        self._timer.stop()
        if self._on_draft is None:
            return
        try:
            self._on_draft(self.form.values())
        except VeiligwijzerError as exc:
            self.draft_note.setText(exc.message)
            return
        self.draft_note.setText(_("Concept bewaard."))

    def _save(self) -> None:
        self.error.clear()
        if not self.form.validate():
            self._say_where()
            return
        try:
            record = self._convert(self.form.values())
            self._submit(record)
        except ValidationError as exc:
            if exc.field and exc.field in self.form.definition.keys:
                self.form.show_errors({exc.field: [exc.message]})
                self.form.focus_first_error()
                self._say_where()
            else:
                show_error(self.error, exc.message)
            return
        except VeiligwijzerError as exc:
            show_error(self.error, exc.message)
            return
        self._timer.stop()
        self.record = record
        self.accept()

    def _say_where(self) -> None:
        """Shown under the form and said at once: what is wrong and at which
        question (the focus is there now), not only in colour."""
        first = self.form.first_error()
        if first is None:
            return
        key, question, message = first
        text = _("Nog niet alles is goed ingevuld. Bij de vraag “{question}”: "
                 "{message}").format(question=question, message=message)
        self.error.setText(text)
        self.error.setAccessibleName(text)
        announce(self.form.focus_widget(key), text)

    def reject(self) -> None:
        # "Later afmaken" and Escape keep what was typed as a draft, and say so;
        # a form closed without typing leaves none behind.
        if self._on_draft is not None and self._typed_anything:
            self.save_draft()
            tell(self.parentWidget(), self._kept_note)
        super().reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Enter in a one-line field must not record a half-filled form.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.focusNextChild()
            return
        super().keyPressEvent(event)
