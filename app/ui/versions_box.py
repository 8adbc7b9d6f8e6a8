"""A field in conflict, shown where the field is shown (``2 versies``).

``VersionsBox`` is the one way every screen shows a field that two
colleagues changed without seeing each other's change: each value with who,
on which device and when, one choice, a typed value where the field holds
text, and a button that settles it right there (``app.services.fields``).
The case screen puts one under the case's title and the household, the
safety plan above the plan, a form beside the field.

A screen reader reads the box as "Naam: 2 versies: Anna of Anne"; the
choices are radio buttons (arrow keys), then the typed value, then the
button. In discreet mode the values are hidden, like other case data, and
nothing can be chosen until discreet mode is off.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import VeiligwijzerError
from app.i18n import _, ngettext
from app.services import exchange
from app.services import fields as service
from app.ui.messages import show_error
from app.ui.style import Tone, set_tone


def versions_text(count: int) -> str:
    return ngettext("{n} versie", "{n} versies", count).format(n=count)


def spoken_versions(labels: tuple[str, ...]) -> str:
    """"2 versies: Anna of Anne" (three: "Anna, Anne of Ann")."""
    if len(labels) < 2:
        return versions_text(len(labels))
    either = _("{first} of {last}").format(first=", ".join(labels[:-1]), last=labels[-1])
    return _("{versions}: {values}").format(versions=versions_text(len(labels)), values=either)


class VersionsBox(QGroupBox):
    """One field in conflict (``row``), titled ``label`` (what the screen
    calls the field). Emits ``resolved(value, heads)`` once settled: the
    value kept, and the field's heads after (for a form that stays open)."""

    resolved = Signal(object, object)

    def __init__(self, store, row: exchange.ConflictRow, label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versions")
        self._store, self.row, self._label = store, row, label
        self._discreet = False
        layout = QVBoxLayout(self)
        self._group = QButtonGroup(self)
        self.choices: list[QRadioButton] = []
        for index in range(len(row.versions)):
            button = QRadioButton()
            self._group.addButton(button, index)
            self.choices.append(button)
            layout.addWidget(button)
        self.other: QRadioButton | None = None
        self.typed: QLineEdit | None = None
        if row.editable:
            self.other = QRadioButton()
            self._group.addButton(self.other, len(self.choices))
            self.typed = QLineEdit()
            self.typed.textEdited.connect(lambda _text: self.other.setChecked(True))
            layout.addWidget(self.other)
            layout.addWidget(self.typed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        set_tone(self.note, Tone.MUTED)
        layout.addWidget(self.note)
        self.keep = QPushButton()
        self.keep.clicked.connect(self.settle)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep)
        layout.addLayout(buttons)
        self.choices[0].setChecked(True)
        self.retranslate()

    def _who(self, index: int) -> str:
        return exchange.who_and_when(self._store, self.row.versions[index])

    def _shown(self, index: int) -> str:
        if self._discreet:
            return _("Versie {n}").format(n=index + 1)
        return self.row.labels[index]

    def retranslate(self) -> None:
        count = len(self.row.versions)
        self.setTitle(_("{field}: {versions}").format(field=self._label,
                                                      versions=versions_text(count)))
        shown = tuple(self._shown(i) for i in range(count))
        spoken = spoken_versions(shown) if not self._discreet else _(
            "{versions}, verborgen in de discrete modus").format(versions=versions_text(count))
        self.setAccessibleName(_("{field}: {versions}").format(field=self._label,
                                                               versions=spoken))
        for index, button in enumerate(self.choices):
            button.setText(f"{shown[index]}\n{self._who(index)}")
            button.setAccessibleName(shown[index])
            button.setAccessibleDescription(self._who(index))
        if self.other is not None and self.typed is not None:
            self.other.setText(_("Een andere waarde:"))
            self.typed.setAccessibleName(_("Een andere waarde"))
            self.other.setVisible(not self._discreet)
            self.typed.setVisible(not self._discreet)
        self.note.setText(_("Zet de discrete modus uit om de versies te zien en er een te "
                            "kiezen.") if self._discreet else _(
            "Dit is op twee plaatsen veranderd zonder dat de een de ander zag. Kies wat klopt; "
            "de andere versies blijven in de geschiedenis."))
        self.keep.setText(_("Deze versie houden"))
        self.keep.setEnabled(not self._discreet)
        for button in self.choices:
            button.setEnabled(not self._discreet)

    def set_discreet(self, on: bool) -> None:
        self._discreet = on
        self.retranslate()

    def value(self) -> Any:
        """The value chosen or typed now."""
        chosen = self._group.checkedId()
        if self.typed is not None and chosen == len(self.choices):
            return self.typed.text().strip()
        return self.row.versions[max(chosen, 0)].value

    def settle(self) -> bool:
        """Keep the chosen value; True when the field is settled."""
        if self._discreet:
            return False
        value = self.value()
        try:
            heads = service.resolve(self._store, self.row, value)
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return False
        self.keep.setEnabled(False)
        self.resolved.emit(value, heads)
        return True
