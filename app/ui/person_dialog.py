"""Add a person (betrokkene) to the household."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import MAX_AGE, MAX_NAME_LENGTH, Role, validate_person
from app.errors import ValidationError
from app.i18n import _
from app.ui.accessibility import show_error
from app.ui.forms.date_field import DateField
from app.ui.style import Tone, set_tone


@dataclass(frozen=True)
class PersonInput:
    name: str
    role: Role
    date_of_birth: date | None
    age: int | None
    parental_authority: bool | None


class PersonDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Betrokkene toevoegen"))
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role)
        # Typed as the worker writes it (14-5-18, 14 mei 2018) or picked from the
        # calendar; left empty, the estimated age counts.
        self.dob = DateField(date.today(), latest=date.today())
        self.age = QSpinBox()
        self.age.setRange(-1, MAX_AGE)
        self.age.setSpecialValueText(_("onbekend"))
        self.age.setValue(-1)
        self.authority = QComboBox()
        for text, value in ((_("Onbekend"), None), (_("Ja"), True), (_("Nee"), False)):
            self.authority.addItem(text, value)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)

        form = QFormLayout()
        for text, widget in ((_("&Naam"), self.name), (_("&Rol"), self.role),
                             (_("&Geboortedatum"), self.dob),
                             (_("&Leeftijd (geschat)"), self.age),
                             (_("Heeft &gezag over een kind"), self.authority)):
            label = QLabel(text)
            label.setBuddy(widget.focusProxy() or widget)
            form.addRow(label, widget)
            (widget.focusProxy() or widget).setAccessibleName(text.replace("&", ""))
        self.dob.edited.connect(self._dob_typed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Toevoegen"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _dob_typed(self) -> None:
        self.age.setEnabled(self.dob.value() is None)  # a date of birth says the age

    def value(self) -> PersonInput:
        typed = self.dob.value()
        dob = typed if isinstance(typed, date) else None
        age = None if dob or self.age.value() < 0 else self.age.value()
        return PersonInput(self.name.text().strip(), self.role.currentData(), dob, age,
                           self.authority.currentData())

    def _accept(self) -> None:
        value = self.value()
        if isinstance(self.dob.value(), str):
            self.error.setText(_("Vul de geboortedatum in als dag-maand-jaar, bijvoorbeeld "
                                 "14-05-2018, of laat hem leeg."))
            return
        try:
            validate_person(value.name, value.date_of_birth, value.age, date.today())
        except ValidationError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> PersonInput | None:
        dialog = cls(parent)
        value = dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        return value
